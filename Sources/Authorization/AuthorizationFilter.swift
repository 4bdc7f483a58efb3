import ARM

/// The `$filter` of Authorization lists: clauses joined by `and` (case-insensitive keywords).
/// Role definitions: `roleName eq '{name}'`, `type eq '{BuiltInRole|CustomRole}'`. Role
/// assignments: `atScope()`, `principalId eq '{oid}'`, `assignedTo('{oid}')`.
struct AuthorizationFilter: Equatable {
    enum Clause: Equatable {
        case atScope
        case principalID(String)
        case assignedTo(String)
        case roleName(String)
        case type(String)
    }

    var clauses: [Clause]

    /// Parses `text`, accepting only the clauses in `allowed`; anything else is `InvalidFilter`.
    init(_ text: String?, allowed: Set<String>) throws {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            clauses = []
            return
        }
        clauses = try Self.split(text).map { part in
            guard let clause = Self.clause(part), allowed.contains(clause.kind) else { throw AuthorizationErrors.invalidFilter(text) }
            return clause
        }
    }

    func contains(_ clause: Clause) -> Bool { clauses.contains(clause) }

    var atScope: Bool { clauses.contains(.atScope) }

    /// The principal of `principalId eq` or `assignedTo(...)`.
    var principal: String? {
        for clause in clauses {
            switch clause {
            case .principalID(let id), .assignedTo(let id): return id
            default: continue
            }
        }
        return nil
    }

    var roleName: String? {
        for case .roleName(let name) in clauses { return name }
        return nil
    }

    var type: String? {
        for case .type(let type) in clauses { return type }
        return nil
    }

    /// Splits on ` and ` outside quotes.
    private static func split(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "'" { quoted.toggle() }
            if !quoted, text[i...].lowercased().hasPrefix(" and ") {
                parts.append(current)
                current = ""
                i = text.index(i, offsetBy: 5)
                continue
            }
            current.append(c)
            i = text.index(after: i)
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private static func clause(_ part: String) -> Clause? {
        let lower = part.lowercased()
        if lower.replacingOccurrences(of: " ", with: "") == "atscope()" { return .atScope }
        if lower.hasPrefix("assignedto(") && part.hasSuffix(")") {
            return unquoted(String(part.dropFirst("assignedTo(".count).dropLast())).map(Clause.assignedTo)
        }
        let words = part.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count == 3, words[1].lowercased() == "eq", let value = unquoted(words[2]) else { return nil }
        switch words[0].lowercased() {
        case "principalid": return .principalID(value)
        case "rolename": return .roleName(value)
        case "type": return .type(value)
        default: return nil
        }
    }

    /// `'value'` or a bare value (the spec writes `principalId eq {id}` unquoted).
    private static func unquoted(_ raw: String) -> String? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("'") {
            guard value.count >= 2, value.hasSuffix("'") else { return nil }
            return String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        return value.isEmpty || value.contains(" ") ? nil : value
    }
}

extension AuthorizationFilter.Clause {
    var kind: String {
        switch self {
        case .atScope: "atScope"
        case .principalID: "principalId"
        case .assignedTo: "assignedTo"
        case .roleName: "roleName"
        case .type: "type"
        }
    }
}
