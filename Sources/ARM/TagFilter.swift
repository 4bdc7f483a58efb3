import CeruleanJSON

/// The tag `$filter` forms ARM accepts on lists: `tagName eq 'k'`, `tagName eq 'k' and tagValue eq 'v'`,
/// and `startswith(tagName, 'prefix')`.
struct TagFilter {
    var name: String?
    var value: String?
    var namePrefix: String?

    init?(_ text: String?) throws {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        let clauses = text.components(separatedBy: " and ").map { $0.trimmingCharacters(in: .whitespaces) }
        for clause in clauses {
            if let m = clause.wholeMatch(of: /(?i)tagname\s+eq\s+'((?:[^']|'')*)'/) {
                name = String(m.1).replacingOccurrences(of: "''", with: "'")
            } else if let m = clause.wholeMatch(of: /(?i)tagvalue\s+eq\s+'((?:[^']|'')*)'/) {
                value = String(m.1).replacingOccurrences(of: "''", with: "'")
            } else if let m = clause.wholeMatch(of: /(?i)startswith\(\s*tagname\s*,\s*'((?:[^']|'')*)'\s*\)/) {
                namePrefix = String(m.1).replacingOccurrences(of: "''", with: "'")
            } else {
                throw ARMError.invalidParameter(
                    "The $filter '\(text)' is not supported. Use \"tagName eq 'name' [and tagValue eq 'value']\" or \"startswith(tagName, 'prefix')\".",
                    target: "$filter")
            }
        }
        if value != nil && name == nil {
            throw ARMError.invalidParameter("A tagValue filter needs a tagName filter.", target: "$filter")
        }
    }

    func matches(_ tags: JSONObject?) -> Bool {
        let tags = tags ?? JSONObject()
        if let namePrefix {
            return tags.keys.contains { $0.lowercased().hasPrefix(namePrefix.lowercased()) }
        }
        guard let name else { return true }
        guard let entry = tags.entries.first(where: { $0.key.lowercased() == name.lowercased() }) else { return false }
        guard let value else { return true }
        return entry.value.stringValue?.lowercased() == value.lowercased()
    }
}
