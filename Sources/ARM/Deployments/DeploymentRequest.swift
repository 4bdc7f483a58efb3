import CeruleanJSON
import Foundation

/// A deployment PUT or validate body. The template may be JSONC (comments, trailing commas),
/// because `az` pastes the template file's text into the body verbatim; the rest is strict JSON.
struct DeploymentRequest: Sendable {
    enum Mode: String, Sendable { case incremental = "Incremental", complete = "Complete" }

    let template: JSON
    let parameters: JSONObject
    let mode: Mode
    let location: String?
    let tags: JSONObject
    /// `debugSetting`, `onErrorDeployment`... kept and echoed back.
    let echoed: JSONObject
    /// Where the body's objects start, for ARM's "at line 'L' and column 'C'".
    let positions: [String: JSONPosition]

    static func read(_ body: Data?, atSubscriptionScope: Bool) throws -> DeploymentRequest {
        guard let body, !body.isEmpty else { throw ARMError.invalidRequestContent("The request body is empty") }
        let json: JSON
        let positions: [String: JSONPosition]
        do {
            (json, positions) = try JSONParser(lenientMember: ["properties", "template"]).parseWithPositions(body)
        } catch let e as JSONParseError {
            throw ARMError.invalidRequestContent(e.description)
        }
        guard let object = json.objectValue else { throw ARMError.invalidRequestContent("The request body must be a JSON object") }
        guard let properties = object["properties"]?.objectValue else {
            throw ARMError.invalidRequestContent("Required property 'properties' not found in JSON. Path '', line 1")
        }
        guard let modeText = properties["mode"] else {
            throw ARMError.invalidRequestContent("Required property 'mode' not found in JSON. Path 'properties'")
        }
        guard let mode = modeText.stringValue.flatMap({ m in [Mode.incremental, .complete].first { $0.rawValue.lowercased() == m.lowercased() } }) else {
            throw ARMError(status: 400, code: "InvalidDeploymentMode",
                           message: "The deployment mode '\(modeText.compactString)' is not valid. Allowed values are 'Incremental' and 'Complete'.")
        }
        if atSubscriptionScope && mode == .complete {
            throw ARMError(status: 400, code: "InvalidDeploymentMode",
                           message: "The deployment mode 'Complete' is not supported for deployments at subscription scope.")
        }
        let template: JSON
        if let t = properties["template"], !t.isNull {
            template = t
        } else if let link = properties["templateLink"], !link.isNull {
            throw ARMError(status: 400, code: "InvalidContentLink",
                           message: "Unable to download deployment content from '\(link["uri"]?.stringValue ?? link["id"]?.stringValue ?? link.compactString)': Cerulean works offline; send the template inline ('properties.template').")
        } else {
            throw ARMError.invalidRequestContent("The deployment must have 'properties.template' (Cerulean cannot follow 'templateLink' offline)")
        }
        if properties["parametersLink"].map({ !$0.isNull }) == true {
            throw ARMError(status: 400, code: "InvalidContentLink",
                           message: "Unable to download deployment parameters: Cerulean works offline; send them inline ('properties.parameters').")
        }
        var parameters = JSONObject()
        if let p = properties["parameters"], !p.isNull {
            guard let given = p.objectValue else { throw BodyReader.wrongType("properties.parameters", expected: "object", found: p) }
            for (name, value) in given {
                guard value.objectValue != nil else { throw BodyReader.wrongType("properties.parameters.\(name)", expected: "object", found: value) }
            }
            parameters = given
        }
        let location = try BodyReader.optionalString(object, "location")
        if atSubscriptionScope && (location ?? "").isEmpty {
            throw ARMError(status: 400, code: "InvalidDeploymentLocation",
                           message: "The 'location' property must be specified for a deployment at subscription scope.")
        }
        var echoed = JSONObject()
        for key in ["debugSetting", "onErrorDeployment", "expressionEvaluationOptions"] {
            if let v = properties[key], !v.isNull { echoed[key] = v }
        }
        return DeploymentRequest(template: template, parameters: parameters, mode: mode, location: location,
                                 tags: try BodyReader.tags(object) ?? [:], echoed: echoed, positions: positions)
    }
}
