import CeruleanJSON

/// One call of a template function: its arguments (unevaluated, so `if`, `and` and `or` can
/// short-circuit) and typed accessors that fail with ARM's messages.
public struct FunctionCall {
    public let name: String
    public let arguments: [TemplateExpression]
    public let evaluator: Evaluator

    var scope: TemplateScope { evaluator.scope }
    var count: Int { arguments.count }

    func arity(_ min: Int, _ max: Int? = nil) throws {
        let upper = max ?? min
        guard (min...upper).contains(arguments.count) else {
            let expected = min == upper ? "\(min)" : upper == Int.max ? "at least \(min)" : "\(min) to \(upper)"
            throw TemplateError.arity(name, expected: expected, given: arguments.count)
        }
    }

    func value(_ i: Int) throws -> JSON { try evaluator.evaluate(arguments[i]) }

    func values() throws -> [JSON] { try arguments.map(evaluator.evaluate) }

    /// Argument `i` read as one kind, or ARM's argument-type error naming the `expected` kind.
    private func typed<T>(_ i: Int, _ expected: String, _ read: (JSON) -> T?) throws -> T {
        let v = try value(i)
        guard let typed = read(v) else { throw TemplateError.argumentType(name, expected: "'\(expected)'", found: Evaluator.kind(v)) }
        return typed
    }

    func string(_ i: Int) throws -> String { try typed(i, "String") { $0.stringValue } }
    func int(_ i: Int) throws -> Int { try typed(i, "Integer") { $0.intValue } }
    func bool(_ i: Int) throws -> Bool { try typed(i, "Boolean") { $0.boolValue } }
    func array(_ i: Int) throws -> [JSON] { try typed(i, "Array") { $0.arrayValue } }
    func object(_ i: Int) throws -> JSONObject { try typed(i, "Object") { $0.objectValue } }

    func fail(_ reason: String) -> TemplateError { TemplateError.functionFailed(name, reason) }
}

public typealias TemplateFunction = @Sendable (FunctionCall) throws -> JSON

/// Every function the evaluator knows, by lower-cased name.
enum FunctionLibrary {
    static let table: [String: TemplateFunction] = {
        var all: [String: TemplateFunction] = [:]
        for group in [StringFunctions.table, LogicalFunctions.table, CollectionFunctions.table,
                      ConversionFunctions.table, DeploymentFunctions.table, ResourceFunctions.table] {
            all.merge(group) { first, _ in first }
        }
        return all
    }()

    static func function(_ name: String) -> TemplateFunction? {
        let lower = name.lowercased()
        if let f = table[lower] { return f }
        return lower.hasPrefix("list") && lower.count > 4 ? ResourceFunctions.list : nil
    }
}
