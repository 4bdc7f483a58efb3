import Foundation

/// ARM's timestamp format: ISO 8601, UTC, with fractional seconds.
public enum ARMTime {
    public static func string(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}
