import CeruleanJSON

/// Evaluates expressions and whole JSON values of a template against a scope.
public struct Evaluator {
    public var scope: TemplateScope
    /// While validating: a string whose expression needs live state evaluates to `null`
    /// instead of stopping the evaluation of the value around it.
    public var tolerateDeferred = false

    public init(scope: TemplateScope) {
        self.scope = scope
    }

    /// A template value with every `[expression]` string evaluated and property `copy` loops expanded.
    public func evaluateValue(_ value: JSON) throws -> JSON {
        switch value {
        case .string(let s):
            guard let text = TemplateString.expressionText(s) else { return .string(TemplateString.literal(s)) }
            try TemplateLimits.checkExpression(text)
            let expression = try ExpressionParser.parse(text)
            do { return try evaluate(expression) } catch is DeferredEvaluation where tolerateDeferred { return .null }
        case .array(let items):
            return .array(try items.map(evaluateValue))
        case .object(let object):
            var out = JSONObject()
            for (key, member) in object {
                if key == "copy", let loops = member.arrayValue, loops.allSatisfy({ $0["input"] != nil }) {
                    for loop in loops {
                        guard let name = loop["name"]?.stringValue else {
                            throw TemplateError("The property copy loop must have a 'name'.")
                        }
                        out[name] = try expandCopy(loop, name: name)
                    }
                    continue
                }
                out[key] = try evaluateValue(member)
            }
            return .object(out)
        default:
            return value
        }
    }

    /// `{"name", "count", "input"}`: `count` copies of `input`, each with its `copyIndex('name')`.
    func expandCopy(_ loop: JSON, name: String) throws -> JSON {
        let count = try copyCount(loop["count"], loop: name)
        try scope.copyBudget.spend(count, loop: name)
        guard let input = loop["input"] else {
            throw TemplateError("The copy loop '\(name)' must have an 'input'.")
        }
        var items: [JSON] = []
        for i in 0..<count {
            var inner = self
            inner.scope.copyIndices.append((name, i))
            items.append(try inner.evaluateValue(input))
        }
        return .array(items)
    }

    /// A copy loop's `count`: a non-negative integer, at most 800 as in ARM.
    public func copyCount(_ value: JSON?, loop: String) throws -> Int {
        let evaluated = try value.map(evaluateValue) ?? .null
        guard let count = evaluated.intValue, count >= 0, count <= 800 else {
            throw TemplateError("The copy count of '\(loop)' must be an integer from 0 to 800; it is '\(evaluated.compactString)'. Please see https://aka.ms/arm-copy for usage details.")
        }
        return count
    }

    public func evaluate(_ expression: TemplateExpression) throws -> JSON {
        switch expression {
        case .string(let s): return .string(s)
        case .integer(let n): return JSON(n)
        case .call(let name, let arguments):
            guard let function = FunctionLibrary.function(name) else { throw TemplateError.unknownFunction(name) }
            return try function(FunctionCall(name: name, arguments: arguments, evaluator: self))
        case .property(let base, let name):
            return try Self.member(try evaluate(base), name)
        case .index(let base, let index):
            let container = try evaluate(base)
            let i = try evaluate(index)
            if let position = i.intValue, let items = container.arrayValue {
                guard items.indices.contains(position) else {
                    throw TemplateError("The language expression property array index '\(position)' is out of bounds.")
                }
                return items[position]
            }
            if let key = i.stringValue, container.objectValue != nil { return try Self.member(container, key) }
            throw TemplateError("The language expression property '\(i.compactString)' can't be evaluated, property name must be a string.")
        }
    }

    /// `value.name`, matched case-insensitively as ARM does.
    static func member(_ value: JSON, _ name: String) throws -> JSON {
        guard let object = value.objectValue else {
            throw TemplateError("The language expression property '\(name)' can't be evaluated, the property can only be accessed on an object; it is of type '\(kind(value).name)'.")
        }
        if let exact = object[name] { return exact }
        if let key = object.keys.first(where: { $0.lowercased() == name.lowercased() }) { return object[key]! }
        throw TemplateError.propertyNotFound(name, available: Array(object.keys))
    }

    static func kind(_ value: JSON) -> TemplateValueKind {
        switch value {
        case .null: .null
        case .bool: .boolean
        case .number: value.intValue != nil ? .integer : .float
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }
}
