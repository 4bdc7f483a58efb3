/// A shell-style pattern, matched case-insensitively against a whole name: `*` is any run of
/// characters (also none), `?` one character; everything else stands for itself.
struct Glob: Sendable, Equatable, CustomStringConvertible {
    let description: String
    private let pattern: [Character]

    init(_ text: String) {
        description = text
        pattern = Array(text.lowercased())
    }

    static let any = Glob("*")

    func matches(_ name: String) -> Bool {
        let text = Array(name.lowercased())
        // Iterative matching with one backtrack point: linear in practice, never exponential.
        var p = 0, t = 0
        var star: Int?, resume = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if let s = star {
                p = s + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
