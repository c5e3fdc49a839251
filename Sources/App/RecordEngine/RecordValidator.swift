import Foundation
import HTTPCore
import Storage

/// Checks a request body against a resource's declared fields and turns it into column values. Every problem is
/// collected, so a client learns everything wrong with its body at once.
enum RecordValidator {
    enum Mode {
        /// POST and PUT: every required field must be given.
        case complete
        /// PATCH: only the fields given are checked and changed.
        case partial
    }

    /// - Returns: the column values to write (by JSON name), the server-set and derived fields the body named
    ///   (the store accepts them only unchanged), and the problems found.
    static func validate(
        _ body: [String: JSONValue],
        of definition: ResourceDefinition,
        mode: Mode
    ) -> (values: [String: JSONValue], readOnlyGiven: [String: JSONValue], issues: [FieldIssue]) {
        var values: [String: JSONValue] = [:]
        var issues: [FieldIssue] = []
        var readOnlyGiven: [String: JSONValue] = [:]
        for field in definition.fields where !field.writable && !field.hidden {
            if let value = body[field.name] { readOnlyGiven[field.name] = value }
        }
        // A hidden column is not a field of the API.
        for key in body.keys.sorted() where definition.fieldIndex[key].map({ definition.fields[$0].hidden }) ?? true {
            // The server's own fields may be echoed back (a PUT of what a GET returned); they are ignored.
            if ResourceDefinition.systemFields.contains(key) || key == "expand" { continue }
            issues.append(
                FieldIssue(field: key, code: "unknown_field", message: "is not a field of \(definition.collection)")
            )
        }
        for field in definition.fields where field.writable {
            guard let value = body[field.name] else {
                if mode == .complete {
                    if field.required {
                        issues.append(FieldIssue(field: field.name, code: "required", message: "is required"))
                    } else {
                        values[field.name] = .null
                    }
                }
                continue
            }
            if value == .null {
                if field.required {
                    issues.append(
                        FieldIssue(field: field.name, code: "required", message: "is required and cannot be null")
                    )
                } else {
                    values[field.name] = .null
                }
                continue
            }
            do {
                values[field.name] = try check(value, field)
            } catch let invalid as Invalid {
                issues.append(FieldIssue(field: field.name, code: invalid.code, message: invalid.message))
            } catch {
                issues.append(FieldIssue(field: field.name, code: "invalid", message: "is invalid"))
            }
        }
        return (values, readOnlyGiven, issues)
    }

    /// Checks one non-null value; returns it normalized (trimmed emails, canonical tags).
    /// A value that breaks a rule: a machine-readable code and a message for people.
    struct Invalid: Error {
        let code: String
        let message: String
    }

    static func check(_ value: JSONValue, _ field: Field) throws -> JSONValue {
        func fail(_ code: String, _ message: String) -> Invalid { Invalid(code: code, message: message) }
        switch field.kind {
        case .string, .text, .email, .date, .datetime, .enumeration, .currency, .onetCode, .pattern:
            guard case .string(let s) = value else { throw fail("type", "must be a string, not \(value.typeName)") }
            return .string(try checkString(s, field))
        case .integer, .reference:
            guard case .int(let i) = value else {
                throw fail(
                    "type",
                    field.referencedCollection == nil
                        ? "must be an integer" : "must be the integer id of a record in \(field.referencedCollection!)"
                )
            }
            if let min = field.minimum, i < min { throw fail("out_of_range", "must be at least \(min)") }
            if let max = field.maximum, i > max { throw fail("out_of_range", "must be at most \(max)") }
            if field.referencedCollection != nil && i < 1 {
                throw fail("not_found", "no \(field.referencedCollection!) record has id \(i)")
            }
            return .int(i)
        case .number:
            let d: Double
            switch value {
            case .int(let i): d = Double(i)
            case .double(let x): d = x
            default: throw fail("type", "must be a number, not \(value.typeName)")
            }
            if let min = field.minimum, d < Double(min) { throw fail("out_of_range", "must be at least \(min)") }
            if let max = field.maximum, d > Double(max) { throw fail("out_of_range", "must be at most \(max)") }
            return .double(d)
        case .boolean:
            guard case .bool = value else { throw fail("type", "must be true or false, not \(value.typeName)") }
            return value
        case .roleCounts:
            guard case .array(let items) = value, items.count <= (field.maxLength ?? 100) else {
                throw fail("type", "must be an array of at most 100 {\"role\": string, \"count\": integer} objects")
            }
            var out: [JSONValue] = []
            for item in items {
                guard case .object(let o) = item, o.count == 2, case .string(let role)? = o["role"],
                    case .int(let n)? = o["count"]
                else { throw fail("type", "each entry must be {\"role\": string, \"count\": integer}") }
                let r = role.trimmingCharacters(in: .whitespaces)
                guard (1...100).contains(r.count) else {
                    throw fail("too_long", "each role must be 1 to 100 characters")
                }
                guard (0...10_000).contains(n) else { throw fail("out_of_range", "each count must be 0 to 10000") }
                out.append(.object(["role": .string(r), "count": .int(n)]))
            }
            return .array(out)
        case .choices(let all):
            guard case .array(let items) = value else { throw fail("type", "must be an array of strings") }
            var chosen: Set<String> = []
            for item in items {
                guard case .string(let s) = item, all.contains(s) else {
                    throw fail("not_allowed", "each entry must be one of: \(all.joined(separator: ", "))")
                }
                chosen.insert(s)
            }
            if let min = field.minLength, chosen.count < min {
                throw fail("too_few", "must have at least \(min) entries")
            }
            return .array(all.filter(chosen.contains).map { .string($0) })
        case .dates:
            guard case .array(let items) = value, items.count <= (field.maxLength ?? 1000) else {
                throw fail("type", "must be an array of at most \(field.maxLength ?? 1000) dates")
            }
            var dates: Set<String> = []
            for item in items {
                guard case .string(let s) = item, DateText.isDate(s) else {
                    throw fail("format", "each entry must be a date, YYYY-MM-DD")
                }
                dates.insert(s)
            }
            return .array(dates.sorted().map { .string($0) })
        case .lines:
            let max = field.maxLength ?? 500
            guard case .array(let items) = value, items.count <= max else {
                throw fail("type", "must be an array of at most \(max) strings")
            }
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard case .string(let s) = item else { throw fail("type", "each entry must be a string") }
                let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
                guard (1...2000).contains(t.unicodeScalars.count) else {
                    throw fail("too_long", "each entry must be 1 to 2000 characters")
                }
                out.append(.string(t))
            }
            return .array(out)
        case .tags:
            guard case .array(let items) = value else { throw fail("type", "must be an array of strings") }
            let max = field.maxLength ?? 50
            // Bounded before any work, and de-duplicated through a set: 174,000 tags in a 1 MB body took 103 s of
            // CPU with a linear search per entry (issue 16). Repeats are forgiven, up to a few per distinct entry.
            guard items.count <= max * 4 else { throw fail("too_many", "must have at most \(max) entries") }
            var tags: [String] = []
            var seen: Set<String> = []
            for item in items {
                guard case .string(let s) = item else { throw fail("type", "must be an array of strings") }
                let t = s.trimmingCharacters(in: .whitespaces)
                guard (1...50).contains(t.unicodeScalars.count) else {
                    throw fail("too_long", "each tag must be 1 to 50 characters")
                }
                if seen.insert(t).inserted { tags.append(t) }
            }
            if tags.count > max { throw fail("too_many", "must have at most \(max) entries") }
            return .array(tags.map { .string($0) })
        }
    }

    static func checkString(_ raw: String, _ field: Field) throws -> String {
        // Fast path: printable ASCII with no space at either end needs neither trimming nor the control check.
        let plain = field.kind != .text && raw.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        let s =
            field.kind == .text || (plain && raw.utf8.first != 0x20 && raw.utf8.last != 0x20)
            ? raw : raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if field.kind != .text, !plain,
            s.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            throw Invalid(code: "invalid", message: "must not contain control characters")
        }
        let count = s.unicodeScalars.count  // code points, as JSON Schema's maxLength counts (not graphemes)
        if let min = field.minLength, count < min {
            throw Invalid(
                code: "too_short",
                message: min == 1 ? "must not be empty" : "must be at least \(min) characters"
            )
        }
        if let max = field.maxLength, count > max {
            throw Invalid(code: "too_long", message: "must be at most \(max) characters")
        }
        switch field.kind {
        case .email:
            let parts = s.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
                !parts[1].hasSuffix("."),
                !s.contains(" ")
            else { throw Invalid(code: "format", message: "must be an email address like name@example.com") }
            return String(parts[0]) + "@" + parts[1].lowercased()
        case .date:
            guard DateText.isDate(s) else { throw Invalid(code: "format", message: "must be a date, YYYY-MM-DD") }
        case .datetime:
            guard let normalized = DateText.normalizedInstant(s) else {
                throw Invalid(code: "format", message: "must be an ISO 8601 time in UTC, e.g. 2026-11-26T09:30:00Z")
            }
            return normalized
        case .enumeration(let allowed):
            guard allowed.contains(s) else {
                throw Invalid(code: "not_allowed", message: "must be one of: \(allowed.joined(separator: ", "))")
            }
        case .pattern(let pattern, let example):
            guard s.range(of: pattern, options: .regularExpression) != nil else {
                throw Invalid(code: "format", message: "must look like \(example)")
            }
        case .onetCode:
            guard OnetCode.isValid(s) else {
                throw Invalid(code: "format", message: "must be an O*NET-SOC code like 15-1299.09")
            }
        case .currency:
            guard s.utf8.count == 3, s.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
                throw Invalid(code: "format", message: "must be an ISO 4217 code of three capital letters, e.g. USD")
            }
        default: break
        }
        return s
    }
}

/// Date and time text as the API accepts and stores it.
enum DateText {
    /// `YYYY-MM-DD`, a real calendar day.
    static func isDate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9]
        guard digits.allSatisfy({ b[$0] >= 48 && b[$0] <= 57 }) else { return false }
        guard let y = Int(s.prefix(4)), let m = Int(s.dropFirst(5).prefix(2)), let d = Int(s.suffix(2)) else {
            return false
        }
        guard (1...12).contains(m), d >= 1 else { return false }
        let days = [
            31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
        ]
        return d <= days[m - 1]
    }

    /// An ISO 8601 instant with `Z` or an offset, normalized to UTC `YYYY-MM-DDTHH:MM:SSZ` (milliseconds kept).
    static func normalizedInstant(_ s: String) -> String? {
        let plain = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: s) ?? fractional.date(from: s) else { return nil }
        let out = ISO8601DateFormatter()
        out.formatOptions =
            date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) == 0
            ? [.withInternetDateTime] : [.withInternetDateTime, .withFractionalSeconds]
        return out.string(from: date)
    }
}

/// O*NET-SOC codes: `NN-NNNN.NN`.
public enum OnetCode {
    public static func isValid(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[2] == 45, b[7] == 46 else { return false }
        return [0, 1, 3, 4, 5, 6, 8, 9].allSatisfy { b[$0] >= 48 && b[$0] <= 57 }
    }
}
