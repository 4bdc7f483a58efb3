/// An `actions`/`notActions` entry: `*` matches any run of characters, `/` included
/// (`Microsoft.MachineLearningServices/workspaces/*/write` covers every child type's write but not
/// `workspaces/write`); comparison is case-insensitive (Contributor ships `.../*/Write`).
struct ActionPattern: Sendable, Equatable {
    private let parts: [Substring]

    init(_ pattern: String) {
        parts = pattern.lowercased().split(separator: "*", omittingEmptySubsequences: false)
    }

    /// `action` must be lower-cased.
    func matches(lowercased action: String) -> Bool {
        guard parts.count > 1 else { return action == parts[0] }
        guard action.hasPrefix(parts[0]), action.dropFirst(parts[0].count).hasSuffix(parts[parts.count - 1]) else { return false }
        var rest = action.dropFirst(parts[0].count).dropLast(parts[parts.count - 1].count)
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let range = rest.range(of: middle) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }
}
