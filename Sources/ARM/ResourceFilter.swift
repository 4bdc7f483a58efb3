import CeruleanJSON
import Store

/// The `$filter` of `GET .../resources`: clauses joined by `and`, alternatives by `or`, each one of
/// `resourceType|name|location|resourceGroup eq 'v'`, `substringof('v', name|resourceGroup)`,
/// `tagName eq 'k'`, `tagValue eq 'v'`, `startswith(tagName, 'k')`. Comparisons ignore case.
struct ResourceFilter {
    enum Clause {
        case equals(field: String, value: String)
        case contains(field: String, value: String)
        case tagName(String)
        case tagValue(String)
        case tagPrefix(String)
    }

    /// Alternatives (`or`), each a conjunction (`and`).
    let alternatives: [[Clause]]

    init?(_ text: String?) throws {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        alternatives = try Self.split(text, on: "or").map { try Self.split($0, on: "and").map(Self.clause) }
    }

    /// The tag-only form resource-group lists accept (`tagName`, `tagValue`, `startswith(tagName, ...)`).
    static func tagsOnly(_ text: String?) throws -> ResourceFilter? {
        guard let filter = try ResourceFilter(text) else { return nil }
        for clauses in filter.alternatives {
            var hasName = false, hasValue = false
            for clause in clauses {
                switch clause {
                case .tagName: hasName = true
                case .tagValue: hasValue = true
                case .tagPrefix: break
                case .equals, .contains:
                    throw ARMError.invalidParameter(
                        "The $filter '\(text ?? "")' is not supported on resource groups. Use \"tagName eq 'name' [and tagValue eq 'value']\" or \"startswith(tagName, 'prefix')\".",
                        target: "$filter")
                }
            }
            if hasValue && !hasName {
                throw ARMError.invalidParameter("A tagValue filter needs a tagName filter.", target: "$filter")
            }
        }
        return filter
    }

    static func split(_ text: String, on word: String) -> [String] {
        text.components(separatedBy: " \(word) ").flatMap { $0.components(separatedBy: " \(word.uppercased()) ") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    static func unquote(_ s: Substring) -> String { String(s).replacingOccurrences(of: "''", with: "'") }

    static func clause(_ text: String) throws -> Clause {
        if let m = text.wholeMatch(of: /(?i)(resourceType|name|location|resourceGroup|tagName|tagValue)\s+eq\s+'((?:[^']|'')*)'/) {
            switch String(m.1).lowercased() {
            case "tagname": return .tagName(unquote(m.2))
            case "tagvalue": return .tagValue(unquote(m.2))
            default: return .equals(field: String(m.1).lowercased(), value: unquote(m.2))
            }
        }
        if let m = text.wholeMatch(of: /(?i)substringof\(\s*'((?:[^']|'')*)'\s*,\s*(name|resourceGroup)\s*\)/) {
            return .contains(field: String(m.2).lowercased(), value: unquote(m.1))
        }
        if let m = text.wholeMatch(of: /(?i)startswith\(\s*tagName\s*,\s*'((?:[^']|'')*)'\s*\)/) {
            return .tagPrefix(unquote(m.1))
        }
        throw ARMError.invalidParameter(
            "The $filter clause '\(text)' is not supported. Use resourceType, name, location or resourceGroup eq '...', substringof('...', name), tagName/tagValue eq '...' or startswith(tagName, '...').",
            target: "$filter")
    }

    /// The filter as store conditions, evaluated in SQL. A `tagValue` counts together with the
    /// `tagName` of its conjunction (alone it selects nothing more).
    var conditions: [[ResourceQuery.Condition]] {
        alternatives.map { clauses in
            clauses.flatMap { clause -> [ResourceQuery.Condition] in
                switch clause {
                case .equals(let field, let value): return [.equals(Self.field(field), value)]
                case .contains(let field, let value): return [.contains(Self.field(field), value)]
                case .tagPrefix(let prefix): return [.tagNamePrefix(prefix)]
                case .tagValue: return []
                case .tagName(let name):
                    let values = clauses.compactMap { if case .tagValue(let v) = $0 { v } else { nil } }
                    return values.isEmpty ? [.tag(name: name, value: nil)] : values.map { .tag(name: name, value: $0) }
                }
            }
        }
    }

    private static func field(_ name: String) -> ResourceQuery.Field {
        switch name {
        case "resourcetype": .typeKey
        case "name": .name
        case "location": .location
        default: .resourceGroup
        }
    }
}
