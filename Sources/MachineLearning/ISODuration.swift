import Foundation

/// ISO 8601 durations as Azure ML writes them (`PT5S`, `PT1M30S`, `PT0.5S`, `P1DT2H`).
public enum ISODuration {
    /// Seconds, or `nil` when `text` is not a duration.
    public static func seconds(_ text: String) -> Double? {
        var rest = Substring(text.uppercased())
        guard rest.hasPrefix("P") else { return nil }
        rest = rest.dropFirst()
        var total = 0.0
        var inTime = false
        var number = ""
        var sawUnit = false
        for c in rest {
            if c == "T" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
                continue
            }
            if c.isNumber || c == "." { number.append(c); continue }
            guard let value = Double(number) else { return nil }
            let scale: Double
            switch (c, inTime) {
            case ("D", false): scale = 86_400
            case ("W", false): scale = 604_800
            case ("H", true): scale = 3_600
            case ("M", true): scale = 60
            case ("S", true): scale = 1
            default: return nil
            }
            total += value * scale
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else { return nil }
        return total
    }
}
