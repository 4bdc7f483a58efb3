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

    func string(_ i: Int) throws -> String {
        let v = try value(i)
        guard let s = v.stringValue else { throw TemplateError.argumentType(name, expected: "'String'", found: Evaluator.kind(v)) }
        return s
    }

    func int(_ i: Int) throws -> Int {
        let v = try value(i)
        guard let n = v.intValue else { throw TemplateError.argumentType(name, expected: "'Integer'", found: Evaluator.kind(v)) }
        return n
    }

    func bool(_ i: Int) throws -> Bool {
        let v = try value(i)
        guard let b = v.boolValue else { throw TemplateError.argumentType(name, expected: "'Boolean'", found: Evaluator.kind(v)) }
        return b
    }

    func array(_ i: Int) throws -> [JSON] {
        let v = try value(i)
        guard let a = v.arrayValue else { throw TemplateError.argumentType(name, expected: "'Array'", found: Evaluator.kind(v)) }
        return a
    }

    func object(_ i: Int) throws -> JSONObject {
        let v = try value(i)
        guard let o = v.objectValue else { throw TemplateError.argumentType(name, expected: "'Object'", found: Evaluator.kind(v)) }
        return o
    }

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
