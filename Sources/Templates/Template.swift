import CeruleanJSON

/// The parts of a deployment template, checked for shape (not yet evaluated).
public struct Template: Sendable {
    public let json: JSONObject
    public let parameters: [(name: String, declaration: JSONObject)]
    public let variables: JSONObject
    public let resources: [JSON]
    public let outputs: JSONObject
    /// Where objects of the request body start (`JSONParser.parseWithPositions`), for messages.
    public var positions: [String: JSONPosition] = [:]

    /// Paths in errors start here (`properties.template` of the deployment body).
    public static let root = "properties.template"

    public init(_ value: JSON) throws {
        guard let json = value.objectValue else {
            throw TemplateError("The template must be a JSON object; it is of type '\(Evaluator.kind(value).name)'.", path: Self.root)
        }
        if let version = json["languageVersion"]?.stringValue, version.hasPrefix("2") {
            throw TemplateError("Template languageVersion '\(version)' (symbolic resource names) is not supported by Cerulean; use a template without 'languageVersion'.", path: Self.root + ".languageVersion")
        }
        self.json = json
        let params = try Self.object(json, "parameters")
        parameters = try params.map { name, decl in
            guard let d = decl.objectValue, d["type"]?.stringValue != nil else {
                throw TemplateError("The template parameter '\(name)' must be an object with a 'type'. Please see https://aka.ms/arm-syntax-parameters for usage details.", path: "\(Self.root).parameters.\(name)")
            }
            return (name, d)
        }
        variables = try Self.object(json, "variables")
        outputs = try Self.object(json, "outputs")
        try TemplateLimits.checkCounts(parameters: parameters.count, variables: variables.count, outputs: outputs.count)
        guard let resources = json["resources"] else {
            throw TemplateError("Template schema validation failed: the required property 'resources' is missing.", path: Self.root)
        }
        guard let list = resources.arrayValue else {
            throw TemplateError("Template schema validation failed: 'resources' must be an array.", path: Self.root + ".resources")
        }
        self.resources = list
    }

    /// ` at line 'L' and column 'C'` for an object of the body, as ARM's messages put it, or nothing.
    public func at(_ path: String) -> String {
        guard let p = positions[path] else { return "" }
        return " at line '\(p.line)' and column '\(p.column)'"
    }

    private static func object(_ json: JSONObject, _ key: String) throws -> JSONObject {
        guard let value = json[key], !value.isNull else { return [:] }
        guard let object = value.objectValue else {
            throw TemplateError("Template schema validation failed: '\(key)' must be an object.", path: "\(root).\(key)")
        }
        return object
    }
}
