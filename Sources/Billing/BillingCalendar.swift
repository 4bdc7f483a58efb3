import Foundation

/// UTC days and months as the cost APIs count them, and the date forms their requests use.
enum BillingCalendar {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Days since 1970-01-01 (UTC).
    static func day(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    static func date(ofDay day: Int) -> Date { Date(timeIntervalSince1970: Double(day) * 86_400) }

    static func monthStart(_ date: Date) -> Date {
        calendar.date(from: calendar.dateComponents([.year, .month], from: date)) ?? date
    }

    static func adding(months: Int, to date: Date) -> Date {
        calendar.date(byAdding: .month, value: months, to: date) ?? date
    }

    static func adding(years: Int, to date: Date) -> Date {
        calendar.date(byAdding: .year, value: years, to: date) ?? date
    }

    /// `20261005` for 5 October 2026.
    static func yyyymmdd(_ date: Date) -> Int {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return (c.year ?? 0) * 10_000 + (c.month ?? 0) * 100 + (c.day ?? 0)
    }

    /// `202610` for October 2026 (a billing period's name).
    static func yyyymm(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month], from: date)
        return String(format: "%04d%02d", c.year ?? 0, c.month ?? 0)
    }

    /// The first day of a billing period named `yyyyMM`.
    static func period(_ name: String) -> Date? {
        guard name.count == 6, let year = Int(name.prefix(4)), let month = Int(name.suffix(2)), (1...12).contains(month) else { return nil }
        return calendar.date(from: DateComponents(year: year, month: month, day: 1))
    }

    /// `2026-10-01T00:00:00` (Cost Management's `BillingMonth`, no zone).
    static func localStamp(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `2026-10-01T00:00:00Z`, as the Consumption API writes dates.
    static func stamp(_ date: Date) -> String { localStamp(date) + "Z" }

    /// A date as clients send it: `2026-10-01`, `2026-10-01T00:00:00`, with fractions, `Z` or an offset.
    static func parse(_ text: String) -> Date? {
        var s = text.trimmingCharacters(in: .whitespaces)
        guard s.count >= 10 else { return nil }
        if s.count == 10 { s += "T00:00:00Z" }
        let hasZone = s.hasSuffix("Z") || s.dropFirst(19).contains("+") || s.dropFirst(19).contains("-")
        if !hasZone { s += "Z" }
        for fractional in [false, true] {
            let style = Date.ISO8601FormatStyle(includingFractionalSeconds: fractional, timeZone: TimeZone(identifier: "UTC")!)
            if let date = try? style.parse(s) { return date }
        }
        return nil
    }
}
