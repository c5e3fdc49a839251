/// Money as Charter keeps it: integer minor units beside an ISO 4217 code (`{"amount": 123456, "currency": "EUR"}`
/// is EUR 1,234.56), never binary floats. A currency's minor units are its ISO 4217 exponent: 2 for most, 0 for
/// JPY or KRW, 3 for BHD, KWD and a few others. An amount in another currency than its project's carries the rate
/// to it as a decimal string (`"1.0825"`, at most 6 decimals), and the converted amount is rounded half to even,
/// the one rounding that does not drift a sum of many conversions.
enum Money {
    /// Currencies whose minor unit is not the hundredth (ISO 4217).
    static let exponents: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0,
        "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
        "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
    ]

    static func exponent(_ currency: String) -> Int { exponents[currency] ?? 2 }

    /// The largest amount a record holds: 10^13 minor units, so that sums of a million entries stay exact in
    /// 64-bit integers.
    static let maxAmount: Int64 = 10_000_000_000_000

    /// A rate as a decimal string with at most 6 decimals, as millionths: `"1.0825"` → 1,082,500.
    static func micros(_ rate: String) -> Int64? {
        let parts = rate.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int64(parts[0]), whole >= 0, whole < 1_000_000,
            parts[0].allSatisfy(\.isNumber)
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...6).contains(digits.count), digits.allSatisfy(\.isNumber), let f = Int64(digits) else {
                return nil
            }
            fraction = f
            for _ in digits.count..<6 { fraction *= 10 }
        }
        let micros = whole * 1_000_000 + fraction
        return micros > 0 ? micros : nil
    }

    /// `amount` minor units of `from` in minor units of `to` at `rateMicros` (millionths of a `to` unit per
    /// `from` unit), rounded half to even; nil when the result is beyond `maxAmount` either way (the product is
    /// taken in 128 bits, so nothing overflows on the way).
    static func convert(_ amount: Int64, from: String, to: String, rateMicros: Int64) -> Int64? {
        let shift = exponent(to) - exponent(from)
        var numerator = Int128(amount) * Int128(rateMicros)
        var denominator = Int128(1_000_000)
        if shift > 0 {
            for _ in 0..<shift { numerator *= 10 }
        } else {
            for _ in 0..<(-shift) { denominator *= 10 }
        }
        let result = divideHalfEven(numerator, denominator)
        guard result <= Int128(maxAmount) && result >= -Int128(maxAmount) else { return nil }
        return Int64(result)
    }

    /// `n / d` rounded half to even (`d` > 0).
    static func divideHalfEven(_ n: Int128, _ d: Int128) -> Int128 {
        var q = n / d
        let r = n - q * d
        let twice = (r < 0 ? -r : r) * 2
        if twice > d || (twice == d && q % 2 != 0) { q += n < 0 ? -1 : 1 }
        return q
    }

    /// `n / d` rounded half to even in 64 bits (`d` > 0), for products known to fit (an amount of at most
    /// `maxAmount` times a count of at most 100,000 working days).
    static func divideHalfEven(_ n: Int64, _ d: Int64) -> Int64 {
        var q = n / d
        let r = n - q * d
        let twice = (r < 0 ? -r : r) * 2
        if twice > d || (twice == d && q % 2 != 0) { q += n < 0 ? -1 : 1 }
        return q
    }

    /// The first categories of budgets and costs (`BudgetCategories` keeps them, with those admins add).
    static let categories = ["labour", "hardware", "software", "services", "travel", "other"]
}
