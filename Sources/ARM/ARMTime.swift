import Foundation

/// ARM's timestamp format: ISO 8601, UTC, with fractional seconds; durations as ISO 8601 (`PT1.5S`).
public enum ARMTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!)

    public static func string(_ date: Date) -> String {
        date.formatted(style)
    }

    public static func date(_ string: String) -> Date? {
        try? style.parse(string)
    }

    public static func duration(_ seconds: TimeInterval) -> String {
        let s = max(0, seconds)
        let text = String(format: "%.7f", s).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
        return "PT\(text.hasSuffix(".") ? String(text.dropLast()) : text)S"
    }
}
