import CeruleanJSON

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

    func matches(_ resource: StoredResource) -> Bool {
        alternatives.contains { clauses in clauses.allSatisfy { matches($0, resource, clauses) } }
    }

    private func field(_ name: String, _ r: StoredResource) -> String {
        switch name {
        case "resourcetype": return r.body["type"]?.stringValue ?? ""
        case "name": return r.body["name"]?.stringValue ?? ""
        case "location": return r.location ?? ""
        default: return r.id.resourceGroup ?? ""
        }
    }

    private func matches(_ clause: Clause, _ r: StoredResource, _ all: [Clause]) -> Bool {
        let tags = r.body["tags"]?.objectValue ?? [:]
        switch clause {
        case .equals(let f, let v): return field(f, r).lowercased() == v.lowercased()
        case .contains(let f, let v): return field(f, r).lowercased().contains(v.lowercased())
        case .tagPrefix(let p): return tags.keys.contains { $0.lowercased().hasPrefix(p.lowercased()) }
        case .tagName(let n):
            guard let entry = tags.entries.first(where: { $0.key.lowercased() == n.lowercased() }) else { return false }
            for case .tagValue(let v) in all where entry.value.stringValue?.lowercased() != v.lowercased() { return false }
            return true
        case .tagValue: return true  // checked together with its tagName
        }
    }
}
