/// An ordered JSON object. Keys are case-sensitive; `value(forCaseInsensitiveKey:)` serves
/// Azure's case-insensitive property matching where it is needed.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var entries: [(key: String, value: JSON)]

    public init() { entries = [] }

    public init(_ pairs: [(String, JSON)]) {
        entries = []
        for (k, v) in pairs { self[k] = v }
    }

    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// Reading a missing key gives `nil`; assigning `nil` removes the key; assigning a new key appends it.
    public subscript(key: String) -> JSON? {
        get { entries.first(where: { $0.key == key })?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public func value(forCaseInsensitiveKey key: String) -> JSON? {
        let lower = key.lowercased()
        return entries.first(where: { $0.key.lowercased() == lower })?.value
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: JSON)]> {
        entries.makeIterator()
    }

    /// Keys other than `allowed` (compared case-sensitively).
    public func keys(notIn allowed: Set<String>) -> [String] {
        keys.filter { !allowed.contains($0) }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for (key, value) in lhs.entries where rhs[key] != value { return false }
        return true
    }
}
