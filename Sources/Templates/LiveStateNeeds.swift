import CeruleanJSON

/// What a value's expressions will read from live resources: the targets of `reference()` and
/// `list*()` calls, found by evaluating their first argument. The deployment fetches these
/// before evaluating the value, and `reference()` of a template resource is an implicit dependency.
public struct LiveStateNeed: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case reference
        /// A POST action such as `listKeys`, with the api-version the call gives.
        case list(action: String, apiVersion: String?)
    }

    public let kind: Kind
    public let id: String
}

public enum LiveStateNeeds {
    public static func collect(in value: JSON, evaluator: Evaluator) -> [LiveStateNeed] {
        var needs: [LiveStateNeed] = []
        var lenient = evaluator
        lenient.scope.deferLiveState = true
        lenient.tolerateDeferred = true
        func visit(_ v: JSON) {
            switch v {
            case .string(let s):
                guard let text = TemplateString.expressionText(s), let expression = try? ExpressionParser.parse(text) else { return }
                collect(expression, evaluator: lenient, into: &needs)
            case .array(let items): items.forEach(visit)
            case .object(let o): o.forEach { visit($0.value) }
            default: return
            }
        }
        visit(value)
        return needs
    }

    private static func collect(_ expression: TemplateExpression, evaluator: Evaluator, into needs: inout [LiveStateNeed]) {
        guard case .call = expression else {
            if case .property(let base, _) = expression { collect(base, evaluator: evaluator, into: &needs) }
            if case .index(let base, let i) = expression {
                collect(base, evaluator: evaluator, into: &needs)
                collect(i, evaluator: evaluator, into: &needs)
            }
            return
        }
        guard case .call(let name, let args) = expression else { return }
        let lower = name.lowercased()
        if (lower == "reference" || lower.hasPrefix("list") && FunctionLibrary.table[lower] == nil), let first = args.first,
            let target = (try? evaluator.evaluate(first))?.stringValue,
            let id = try? ResourceFunctions.resolve(target, scope: evaluator.scope)
        {
            let apiVersion = args.count > 1 ? (try? evaluator.evaluate(args[1]))?.stringValue : nil
            let need = LiveStateNeed(kind: lower == "reference" ? .reference : .list(action: name, apiVersion: apiVersion), id: id)
            if !needs.contains(need) { needs.append(need) }
        }
        for arg in args { collect(arg, evaluator: evaluator, into: &needs) }
    }
}
