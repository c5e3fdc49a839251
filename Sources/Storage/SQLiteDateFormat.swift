#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Converts `Date` to and from the text `YYYY-MM-DDTHH:MM:SS.sssZ`, with integer arithmetic only
/// (no formatter: a `DateFormatter` call costs about 15 times more).
public enum SQLiteDateFormat {
    /// `2024-05-01T12:30:00.250Z`: UTC, milliseconds truncated toward the past.
    public static func format(_ date: Date) -> String {
        // Round to the microsecond first, so 0.123 stored as 0.12299999 still prints as .123.
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let millis = floorDivMod(micros, 1000).0
        let (days, msOfDay) = floorDivMod(millis, 86_400_000)
        let (year, month, day) = CivilDays.civil(fromDays: days)
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        if year < 0 || year > 9999 {
            // Outside ISO 8601's four digits: keep a sign and the full year, still parseable.
            bytes.append(year < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            bytes.append(contentsOf: String(abs(year)).utf8)
        } else {
            append(year, digits: 4, to: &bytes)
        }
        bytes.append(UInt8(ascii: "-"))
        append(month, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        append(day, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        append(msOfDay / 3_600_000, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(msOfDay / 60_000 % 60, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        append(msOfDay / 1000 % 60, digits: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        append(msOfDay % 1000, digits: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `YYYY-MM-DD[T| ]HH:MM:SS[.fraction][Z]`, which also covers SQLite's own
    /// `datetime('now')` (`2024-05-01 12:30:00`). Text without a zone is taken as UTC. Returns nil otherwise.
    static func parse(_ text: String) -> Date? {
        var utf8 = text.utf8[...]
        var sign: Int64 = 1
        if let first = utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            sign = first == UInt8(ascii: "-") ? -1 : 1
            utf8 = utf8.dropFirst()
        }
        guard let year = number(&utf8, minDigits: 4, maxDigits: 9), expect(&utf8, "-"),
            let month = number(&utf8, minDigits: 2, maxDigits: 2), (1...12).contains(month), expect(&utf8, "-"),
            let day = number(&utf8, minDigits: 2, maxDigits: 2), (1...31).contains(day),
            expect(&utf8, "T") || expect(&utf8, " "),
            let hour = number(&utf8, minDigits: 2, maxDigits: 2), hour < 24, expect(&utf8, ":"),
            let minute = number(&utf8, minDigits: 2, maxDigits: 2), minute < 60, expect(&utf8, ":"),
            let second = number(&utf8, minDigits: 2, maxDigits: 2), second < 61
        else { return nil }
        var fraction = 0.0
        if expect(&utf8, ".") {
            var numerator: Int64 = 0
            var denominator: Int64 = 1
            var digits = 0
            while let byte = utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                if digits < 9 {  // nanoseconds at most; further digits are ignored
                    numerator = numerator * 10 + Int64(byte - UInt8(ascii: "0"))
                    denominator *= 10
                }
                digits += 1
                utf8 = utf8.dropFirst()
            }
            if digits == 0 { return nil }
            fraction = Double(numerator) / Double(denominator)
        }
        _ = expect(&utf8, "Z")
        guard utf8.isEmpty else { return nil }
        let days = CivilDays.daysFromCivil(year: sign * year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func append(_ value: Int64, digits: Int, to bytes: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    private static func number(_ utf8: inout Substring.UTF8View, minDigits: Int, maxDigits: Int) -> Int64? {
        var value: Int64 = 0
        var count = 0
        while count < maxDigits, let byte = utf8.first, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            count += 1
            utf8 = utf8.dropFirst()
        }
        return count >= minDigits ? value : nil
    }

    private static func expect(_ utf8: inout Substring.UTF8View, _ character: Unicode.Scalar) -> Bool {
        guard utf8.first == UInt8(ascii: character) else { return false }
        utf8 = utf8.dropFirst()
        return true
    }

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let quotient = a / b
        let remainder = a % b
        return remainder < 0 ? (quotient - 1, remainder + b) : (quotient, remainder)
    }
}

/// Proleptic Gregorian calendar arithmetic on days since 1970-01-01, without Foundation or a time zone: shared by
/// SQLite's stored date texts here and the app's schedule dates.
public enum CivilDays {
    /// Howard Hinnant's `civil_from_days`: days since 1970-01-01 to a proleptic Gregorian date.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Howard Hinnant's `days_from_civil`: the inverse of `civil(fromDays:)`.
    public static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
