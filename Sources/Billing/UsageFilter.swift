import Foundation

/// A Consumption `$filter`: clauses `properties/{name} {eq|lt|gt|le|ge} '{value}'` or
/// `tags eq '{key}:{value}'`, joined by `and` (what the API documents; `ne`, `or` and `not`
/// are refused as Azure refuses them).
struct UsageFilter {
    enum Operator: String { case eq, lt, gt, le, ge }

    struct Clause {
        var property: String
        var op: Operator
        var value: String
        var date: Date?
    }

    static let dateProperties = ["usagestart", "usageend", "date"]
    static let textProperties = ["resourcegroup", "resourcename", "resourceid", "chargetype", "reservationid", "publishertype",
                                 "instancename", "consumedservice", "meterid"]

    var clauses: [Clause] = []

    /// Whether the filter names a date (otherwise the current billing period applies).
    var hasDate: Bool { clauses.contains { $0.date != nil } }

    init(_ text: String?) throws {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        let tokens = try Self.tokens(text)
        var i = 0
        while i < tokens.count {
            guard i + 2 < tokens.count else { throw BillingErrors.usageFilter("'\(text)' is incomplete.") }
            let (lhs, opText, value) = (tokens[i], tokens[i + 1].lowercased(), tokens[i + 2])
            if ["ne", "or", "not"].contains(opText) || ["or", "not"].contains(lhs.lowercased()) {
                throw BillingErrors.usageFilter("'\(opText == "ne" ? "ne" : lhs.lowercased() == "not" ? "not" : "or")' is not supported.")
            }
            guard let op = Operator(rawValue: opText) else { throw BillingErrors.usageFilter("'\(tokens[i + 1])' is not an operator.") }
            guard value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 else {
                throw BillingErrors.usageFilter("the value of '\(lhs)' must be in single quotes.")
            }
            clauses.append(try Self.clause(lhs, op, String(value.dropFirst().dropLast())))
            i += 3
            if i < tokens.count {
                let joiner = tokens[i].lowercased()
                guard joiner == "and" else {
                    throw BillingErrors.usageFilter(joiner == "or" ? "'or' is not supported." : "'\(tokens[i])' is not 'and'.")
                }
                i += 1
                guard i < tokens.count else { throw BillingErrors.usageFilter("'\(text)' ends with 'and'.") }
            }
        }
    }

    private static func clause(_ lhs: String, _ op: Operator, _ value: String) throws -> Clause {
        let lower = lhs.lowercased()
        if lower == "tags" {
            guard op == .eq, value.contains(":") else { throw BillingErrors.usageFilter("a tag filter is tags eq 'key:value'.") }
            return Clause(property: "tags", op: op, value: value, date: nil)
        }
        guard lower.hasPrefix("properties/") else { throw BillingErrors.usageFilter("'\(lhs)' is not a property.") }
        let property = String(lower.dropFirst("properties/".count))
        if dateProperties.contains(property) {
            guard let date = BillingCalendar.parse(value) else { throw BillingErrors.usageFilter("'\(value)' is not a date.") }
            return Clause(property: property, op: op, value: value, date: date)
        }
        guard textProperties.contains(property) else { throw BillingErrors.usageFilter("'\(lhs)' cannot be filtered on.") }
        return Clause(property: property, op: op, value: value, date: nil)
    }

    /// Words and single-quoted strings (`''` inside a string is a quote).
    static func tokens(_ text: String) throws -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if quoted {
                current.append(c)
                if c == "'" {
                    if chars.first == "'" { chars.removeFirst() } else { quoted = false; tokens.append(current); current = "" }
                }
            } else if c == "'" {
                if !current.isEmpty { tokens.append(current); current = "" }
                current = "'"
                quoted = true
            } else if c == " " || c == "\t" {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(c)
            }
        }
        guard !quoted else { throw BillingErrors.usageFilter("a quoted value is not closed.") }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    func matches(_ row: UsageDetails.Row) -> Bool {
        clauses.allSatisfy { clause in
            if let date = clause.date {
                let value = clause.property == "usageend" ? row.end : row.start
                return compare(value, date, clause.op)
            }
            let line = row.first
            let actual: String
            switch clause.property {
            case "tags":
                let parts = clause.value.split(separator: ":", maxSplits: 1).map(String.init)
                return line.meter.tags.contains { $0.key.lowercased() == parts[0].lowercased() && $0.value.lowercased() == (parts.count > 1 ? parts[1] : "").lowercased() }
            case "resourcegroup": actual = line.charged.resourceGroup ?? ""
            case "resourcename", "instancename": actual = line.charged.name
            case "resourceid": actual = line.record.chargedID
            case "chargetype": actual = "Usage"
            case "publishertype": actual = line.meter.publisherType
            case "consumedservice": actual = line.meter.consumedService
            case "meterid": actual = line.meter.meterID
            default: actual = ""
            }
            return compare(actual.lowercased(), clause.value.lowercased(), clause.op)
        }
    }

    private func compare<T: Comparable>(_ a: T, _ b: T, _ op: Operator) -> Bool {
        switch op {
        case .eq: a == b
        case .lt: a < b
        case .gt: a > b
        case .le: a <= b
        case .ge: a >= b
        }
    }
}
