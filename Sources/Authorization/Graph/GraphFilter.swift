import Foundation

/// The `$filter` clauses the Graph slice understands, joined by `and`:
/// `{property} eq '{value}'`, `startswith({property},'{value}')` and
/// `servicePrincipalNames/any(c:c eq '{value}')` (az's forms; quotes doubled inside values).
struct GraphFilter {
    enum Test: Equatable {
        case equals(String)
        case startsWith(String)
        case anyEquals(String)
    }

    struct Clause: Equatable {
        var property: String
        var test: Test
    }

    let clauses: [Clause]

    /// Parses `text`; a clause of another form is refused as Graph refuses it, naming `resource`.
    init(_ text: String?, resource: String) throws {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            clauses = []
            return
        }
        clauses = try Self.split(text).map { try Self.clause($0, resource: resource) }
    }

    /// Whether `values(property)` (the object's values of that property) pass every clause; names compare case-insensitively.
    func matches(_ values: (String) -> [String]) -> Bool {
        clauses.allSatisfy { clause in
            let have = values(clause.property.lowercased()).map { $0.lowercased() }
            switch clause.test {
            case .equals(let v), .anyEquals(let v): return have.contains(v.lowercased())
            case .startsWith(let v): return have.contains { $0.hasPrefix(v.lowercased()) }
            }
        }
    }

    /// Splits on ` and ` outside quoted values.
    private static func split(_ text: String) throws -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var rest = Substring(text)
        while let c = rest.first {
            if c == "'" { quoted.toggle() }
            if !quoted, rest.lowercased().hasPrefix(" and ") {
                parts.append(current)
                current = ""
                rest = rest.dropFirst(5)
                continue
            }
            current.append(c)
            rest = rest.dropFirst()
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func clause(_ text: String, resource: String) throws -> Clause {
        let compact = text.replacingOccurrences(of: " ", with: "")
        let lower = compact.lowercased()
        if lower.hasPrefix("startswith("), lower.hasSuffix(")"), let comma = compact.firstIndex(of: ",") {
            let property = String(compact[compact.index(compact.startIndex, offsetBy: 11)..<comma])
            let value = try literal(String(text[text.index(after: text.firstIndex(of: ",")!)...].dropLast()), property, resource)
            return Clause(property: property, test: .startsWith(value))
        }
        if let slash = lower.range(of: "/any("), lower.hasSuffix(")") {
            let property = String(compact[..<slash.lowerBound])
            // `c:c eq 'X'` with any variable name.
            let inner = text[text.range(of: "(")!.upperBound...].dropLast()
            guard let eq = inner.range(of: " eq ", options: .caseInsensitive) else { throw GraphError.unsupportedQuery(property, resource: resource) }
            return Clause(property: property, test: .anyEquals(try literal(String(inner[eq.upperBound...]), property, resource)))
        }
        if let eq = text.range(of: " eq ", options: .caseInsensitive) {
            let property = text[..<eq.lowerBound].trimmingCharacters(in: .whitespaces)
            return Clause(property: property, test: .equals(try literal(String(text[eq.upperBound...]), property, resource)))
        }
        throw GraphError.unsupportedQuery(text, resource: resource)
    }

    /// `'it''s'` is `it's`.
    private static func literal(_ text: String, _ property: String, _ resource: String) throws -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count >= 2, t.hasPrefix("'"), t.hasSuffix("'") else { throw GraphError.unsupportedQuery(property, resource: resource) }
        return String(t.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }
}
