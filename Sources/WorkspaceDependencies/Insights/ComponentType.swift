import ARM
import CeruleanJSON
import Foundation

/// `Microsoft.Insights/components` (Application Insights): the record with the
/// `InstrumentationKey` and `ConnectionString` clients read back. Nothing ingests telemetry.
enum ComponentType {
    static let type = "Microsoft.Insights/components"
    static let kinds = ["web", "ios", "other", "store", "java", "phone"]
    static let applicationTypes = ["web", "other"]

    static func make() -> ResourceType {
        var t = ResourceType(type: type)
        t.nameRule = .pattern("[a-zA-Z0-9_.()-]{0,259}[a-zA-Z0-9_()-]",
                              "Application Insights names have 1 to 260 letters, digits, '_', '.', '-', '(' and ')', and do not end with '.'.")
        t.apiVersions = ["2020-02-02", "2020-02-02-preview", "2018-05-01-preview", "2015-05-01"]
        t.listableBySubscription = true
        t.patchableKeys = ["tags"]
        t.validate = { draft, context in try validate(&draft, context) }
        return t
    }

    static func validate(_ draft: inout ResourceDraft, _ context: ResourceContext) throws {
        let kind = try BodyReader.choice(try BodyReader.optionalString(draft.body, "kind"), from: kinds, path: "kind")
        var props = draft.properties
        let applicationType = try BodyReader.choice(
            try BodyReader.optionalString(props, "Application_Type", path: "properties.Application_Type"),
            from: applicationTypes, path: "properties.Application_Type")
        let workspace = try logAnalyticsWorkspace(props, context)
        draft.body["kind"] = .string(kind)
        let existing = draft.existing
        let key = DependencyRules.firstGUID(existing, "InstrumentationKey")
        let appID = DependencyRules.firstGUID(existing, "AppId")
        let region = draft.location ?? ""
        props["Application_Type"] = .string(applicationType)
        DependencyRules.fill(&props, [
            "Flow_Type": "Bluefield", "Request_Source": "rest", "RetentionInDays": 90,
            "publicNetworkAccessForIngestion": "Enabled", "publicNetworkAccessForQuery": "Enabled",
        ])
        props["ApplicationId"] = .string(draft.id.name)
        props["AppId"] = appID
        props["InstrumentationKey"] = key
        props["ConnectionString"] = .string(
            "InstrumentationKey=\(key.stringValue ?? "");IngestionEndpoint=https://\(region).in.applicationinsights.azure.com/;LiveEndpoint=https://\(region).livediagnostics.monitor.azure.com/;ApplicationId=\(appID.stringValue ?? "")")
        props["Name"] = .string(draft.id.name)
        props["CreationDate"] = DependencyRules.firstStamp(existing, "CreationDate", context)
        // Application Insights reports the subscription as `TenantId`.
        props["TenantId"] = .string(draft.id.subscriptionID)
        props["IngestionMode"] = workspace == nil ? "ApplicationInsights" : "LogAnalytics"
        props["Ver"] = "v2"
        draft.properties = props
    }

    /// `WorkspaceResourceId`, when given, names an existing Log Analytics workspace.
    static func logAnalyticsWorkspace(_ props: JSONObject, _ context: ResourceContext) throws -> ResourceID? {
        let path = "properties.WorkspaceResourceId"
        guard let text = try BodyReader.optionalString(props, "WorkspaceResourceId", path: path), !text.isEmpty else { return nil }
        guard let id = ResourceID(text), id.fullType.lowercased() == LogAnalyticsWorkspaceType.type.lowercased() else {
            throw ARMError.invalidParameter("'\(text)' is not the resource id of a Log Analytics workspace (\(LogAnalyticsWorkspaceType.type)).",
                                            target: path)
        }
        guard try context.session.get(id) != nil else {
            throw ARMError(status: 400, code: "WorkspaceNotFound",
                           message: "The Log Analytics workspace '\(text)' does not exist; create it first (in a template, name it in dependsOn).",
                           target: path)
        }
        return id
    }
}
