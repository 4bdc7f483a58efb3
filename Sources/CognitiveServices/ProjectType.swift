import ARM
import CeruleanJSON
import Foundation

/// `accounts/{a}/projects`: Foundry projects, only under AIServices accounts whose
/// `allowProjectManagement` is on. The first project becomes the account's `defaultProject`.
enum ProjectType {
    static let type = "Microsoft.CognitiveServices/accounts/projects"

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = .pattern("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}",
                              "Project names start with a letter or digit, then 1 to 63 letters, digits, '_', '.' or '-'.")
        t.apiVersions = CognitiveServicesProvider.apiVersions
        t.patchableKeys = ["tags", "identity", "properties"]
        t.acceptedKeys = ["identity", "sku", "kind"]
        t.operationStatusSegment = "operationResults"
        t.operationResultSegment = "operationLocations"
        // Created while its account is still provisioning, it finishes after the account.
        t.waitsFor = { resource, _ in [resource.id.parent].compactMap { $0 } }
        t.validate = { draft, context in try validate(&draft, context) }
        t.present = { body, presentation in AccountEndpoints.present(&body, baseURL: presentation.baseURL) }
        t.onSaved = { project, context in try link(project, context, add: true) }
        t.onDeleted = { project, context in try link(project, context, add: false) }
        return t
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        guard let accountID = draft.id.parent, let account = try context.session.get(accountID) else {
            throw ARMError.parentResourceNotFound(draft.id, parent: draft.id.parent ?? draft.id)
        }
        guard AccountType.kind(of: account) == AccountType.aiServices,
            account.properties["allowProjectManagement"]?.boolValue == true
        else { throw CognitiveErrors.projectsNotAllowed(accountID.name) }
        if let location = draft.location, let accountLocation = account.location, location != accountLocation {
            throw CognitiveErrors.invalid("A project lives in its account's region '\(accountLocation)', not '\(location)'.", target: "location")
        }
        var props = draft.properties
        for key in ["displayName", "description"] {
            if let value = props[key], !value.isNull, value.stringValue == nil {
                throw BodyReader.wrongType("properties.\(key)", expected: "string", found: value)
            }
        }
        if props["displayName"] == nil { props["displayName"] = .string(draft.id.name) }
        let host = account.properties["endpoints"]?["AI Foundry API"]?.stringValue
            ?? "https://\(accountID.name.lowercased()).services.ai.azure.com/"
        props["endpoints"] = ["AI Foundry API": .string("\(host)api/projects/\(draft.id.name)")]
        props["isDefault"] = .bool(account.properties["defaultProject"]?.stringValue.map { $0 == draft.id.name } ?? true)
        props["provisioningState"] = nil
        draft.properties = props
        draft.body["identity"] = AccountType.identity(draft.body["identity"], existing: draft.existing?.body["identity"],
                                                      tenant: context.tenantID)
    }

    /// Keeps the account's `associatedProjects` and `defaultProject` in step with its projects.
    static func link(_ project: StoredResource, _ context: ResourceContext, add: Bool) throws {
        guard let accountID = project.id.parent, var account = try context.session.get(accountID) else { return }
        let names = try context.session.children(of: accountID, type: type).map(\.id.name)
        var props = account.properties
        props["associatedProjects"] = .array(names.map(JSON.string))
        if add, props["defaultProject"]?.stringValue == nil { props["defaultProject"] = .string(project.id.name) }
        if !add, props["defaultProject"]?.stringValue == project.id.name { props["defaultProject"] = names.first.map(JSON.string) }
        guard props != account.properties else { return }
        account.properties = props
        try context.session.save(&account)
    }
}
