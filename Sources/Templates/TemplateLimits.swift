/// ARM's documented template limits (learn.microsoft.com, "ARM template best practices",
/// Template limits): 256 parameters, 512 variables, 64 outputs, 800 resources counting copies,
/// 24,576 characters in one expression. Refused as `InvalidTemplate`.
public enum TemplateLimits {
    public static let parameters = 256
    public static let variables = 512
    public static let outputs = 64
    public static let resources = 800
    public static let expressionCharacters = 24_576

    static func checkCounts(parameters: Int, variables: Int, outputs: Int) throws {
        for (what, count, limit) in [("parameters", parameters, Self.parameters), ("variables", variables, Self.variables),
                                     ("outputs", outputs, Self.outputs)] where count > limit {
            throw TemplateError("The number of template \(what) '\(count)' exceeds the limit of '\(limit)'. Please see https://aka.ms/arm-template-limits for usage details.",
                                path: "\(Template.root).\(what)")
        }
    }

    static func checkResources(_ count: Int) throws {
        guard count <= resources else {
            throw TemplateError("The number of template resources '\(count)' (copies included) exceeds the limit of '\(resources)'. Please see https://aka.ms/arm-template-limits for usage details.",
                                path: "\(Template.root).resources")
        }
    }

    static func checkExpression(_ text: Substring) throws {
        guard text.count + 2 <= expressionCharacters else {
            throw TemplateError("The template language expression of \(text.count + 2) characters exceeds the limit of \(expressionCharacters) characters. Please see https://aka.ms/arm-template-expressions for usage details.")
        }
    }
}
