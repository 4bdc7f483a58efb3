/// Parses the template expression language: function calls with `'single-quoted'` strings
/// (`''` escapes a quote), integers, nested calls, `.property` and `[index]` access.
public struct ExpressionParser {
    private let scalars: [Unicode.Scalar]
    private let text: String
    private var position = 0
    private var depth = 0
    /// Nesting deeper than this is refused (a template never needs it; recursion must stay bounded).
    static let maxDepth = 64

    public static func parse(_ text: Substring) throws -> TemplateExpression {
        var parser = ExpressionParser(text: String(text))
        parser.skipSpaces()
        let expression = try parser.parseExpression()
        parser.skipSpaces()
        guard parser.position == parser.scalars.count else { throw parser.unexpected() }
        return expression
    }

    private init(text: String) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private func unexpected() -> TemplateError {
        guard let c = current else {
            return TemplateError("The language expression '\(text)' is not valid: the string ends unexpectedly.")
        }
        return TemplateError("The language expression '\(text)' is not valid: the string character '\(c)' at position '\(position)' is not expected.")
    }

    private mutating func skipSpaces() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    private mutating func parseExpression() throws -> TemplateExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw TemplateError("The language expression '\(text.prefix(200))' is not valid: it is nested more than \(Self.maxDepth) levels deep.")
        }
        var expression = try parsePrimary()
        while true {
            skipSpaces()
            if current == "." {
                position += 1
                skipSpaces()
                let name = readIdentifier()
                guard !name.isEmpty else { throw unexpected() }
                expression = .property(expression, name)
            } else if current == "[" {
                position += 1
                skipSpaces()
                let index = try parseExpression()
                skipSpaces()
                guard current == "]" else { throw unexpected() }
                position += 1
                expression = .index(expression, index)
            } else {
                return expression
            }
        }
    }

    private mutating func parsePrimary() throws -> TemplateExpression {
        guard let c = current else { throw unexpected() }
        if c == "'" { return .string(try readString()) }
        if c == "-" || ("0"..."9").contains(c) {
            return .integer(try readInteger())
        }
        let name = readIdentifier()
        guard !name.isEmpty else { throw unexpected() }
        skipSpaces()
        guard current == "(" else { throw unexpected() }
        position += 1
        var arguments: [TemplateExpression] = []
        skipSpaces()
        if current == ")" {
            position += 1
            return .call(name, arguments)
        }
        while true {
            skipSpaces()
            arguments.append(try parseExpression())
            skipSpaces()
            if current == "," { position += 1; continue }
            if current == ")" { position += 1; return .call(name, arguments) }
            throw unexpected()
        }
    }

    private mutating func readIdentifier() -> String {
        var name = String.UnicodeScalarView()
        while let c = current, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "." && isNamespaceDot() {
            name.append(c)
            position += 1
        }
        return String(name)
    }

    /// A dot inside a function name (`namespace.function`) is followed by a name and then `(`.
    private func isNamespaceDot() -> Bool {
        var i = position + 1
        while i < scalars.count, scalars[i].properties.isAlphabetic || ("0"..."9").contains(scalars[i]) || scalars[i] == "_" { i += 1 }
        return i > position + 1 && i < scalars.count && scalars[i] == "("
    }

    private mutating func readString() throws -> String {
        position += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw unexpected() }
            position += 1
            if c == "'" {
                if current == "'" {
                    value.append("'")
                    position += 1
                    continue
                }
                return String(value)
            }
            value.append(c)
        }
    }

    private mutating func readInteger() throws -> Int {
        let start = position
        if current == "-" { position += 1 }
        while let c = current, ("0"..."9").contains(c) { position += 1 }
        let digits = String(String.UnicodeScalarView(scalars[start..<position]))
        guard let value = Int(digits) else {
            position = start
            throw unexpected()
        }
        return value
    }
}
