import Foundation

/// The figures of one scenario's cash flows, computed in decimal arithmetic (Foundation `Decimal`: 38 significant
/// digits), never binary floats. Amounts are integer minor units; period 0 is the start and is not discounted,
/// period t is discounted by 1 / (1 + rate)^t (flows at the end of each period). Rules:
///
/// - **NPV** = Σ (benefits − costs) × 1 / (1 + rate)^t, summed unrounded and rounded half to even to the minor unit
///   once; the present values of benefits and of costs are rounded the same way on their own.
/// - **IRR**: the rate where NPV is zero. Found only when the net flows change sign exactly once (then there is
///   exactly one, Descartes' rule of signs), by bisection between −99 % and 1,000 % a period to 10^-10, rounded half
///   to even to 6 decimals. No sign change, or more than one, gives no IRR and a note saying why.
/// - **ROI** = (total benefits − total costs) / total costs, undiscounted (none without costs).
/// - **Benefit-cost ratio** = present value of benefits / present value of costs (none without costs).
/// - **Payback**: counted from the last period whose cumulative net flow is below zero; the next period's net flow
///   is taken as earned evenly through it, so a payback can fall inside a period (3.4211 years). Discounted payback
///   does the same with the discounted flows. None when the flows never recover; 0 when nothing was ever owed.
/// - Ratios and rates are decimal strings rounded half to even to 6 decimals, payback periods to 4 (trailing zeros
///   dropped): `"0.140095"`, `"3.4211"`.
struct CashFlowAnalysis {
    struct Period {
        var benefits: Int64 = 0
        var costs: Int64 = 0
        var net: Int64 { benefits - costs }
    }

    /// The lowest and highest rates the IRR is looked for between (per period).
    static let irrRange: (low: Decimal, high: Decimal) = (Decimal(string: "-0.99")!, Decimal(10))

    /// Periods 0 through the last with a flow.
    let periods: [Period]
    let rate: Decimal
    /// 1 / (1 + rate)^t for each period.
    let factors: [Decimal]

    init(periods: [Period], rate: Decimal) {
        self.periods = periods
        self.rate = rate
        var factors: [Decimal] = []
        var f = Decimal(1)
        let growth = 1 + rate
        for _ in periods {
            factors.append(f)
            f = f / growth
        }
        self.factors = factors
    }

    var totalBenefits: Int64 { periods.reduce(0) { $0 + $1.benefits } }
    var totalCosts: Int64 { periods.reduce(0) { $0 + $1.costs } }

    var presentBenefits: Decimal { zip(periods, factors).reduce(Decimal(0)) { $0 + Decimal($1.0.benefits) * $1.1 } }
    var presentCosts: Decimal { zip(periods, factors).reduce(Decimal(0)) { $0 + Decimal($1.0.costs) * $1.1 } }
    /// Each period's discounted net flow, unrounded.
    var discountedNets: [Decimal] { zip(periods, factors).map { Decimal($0.net) * $1 } }
    var npv: Decimal { discountedNets.reduce(Decimal(0), +) }

    var roi: Decimal? {
        let costs = totalCosts
        return costs == 0 ? nil : Decimal(totalBenefits - costs) / Decimal(costs)
    }

    var benefitCostRatio: Decimal? {
        let costs = presentCosts
        return costs == 0 ? nil : presentBenefits / costs
    }

    /// The sign changes of the net flows, zeros skipped.
    var signChanges: Int {
        var changes = 0
        var last = 0
        for p in periods where p.net != 0 {
            let sign = p.net > 0 ? 1 : -1
            if last != 0 && sign != last { changes += 1 }
            last = sign
        }
        return changes
    }

    /// The IRR, or nil and why not.
    var irr: (rate: Decimal?, note: String?) {
        let nets = periods.map { Decimal($0.net) }
        switch signChanges {
        case 0:
            return (
                nil,
                nets.allSatisfy { $0 == 0 }
                    ? "there are no cash flows; there is no IRR"
                    : "cash flows never change sign; there is no IRR"
            )
        case 1:
            break
        case let n:
            return (nil, "cash flows change sign \(n) times; IRR is not unique")
        }
        // The sign of NPV(r), computed so that no power grows: for r ≥ 0 as Σ net_t x^t with x = 1/(1+r) ≤ 1,
        // for r < 0 as Σ net_t y^(T−t) with y = 1 + r < 1 (NPV × y^T, the same sign).
        func sign(_ r: Decimal) -> Int {
            var acc = Decimal(0)
            if r >= 0 {
                let x = 1 / (1 + r)
                for n in nets.reversed() { acc = acc * x + n }
            } else {
                let y = 1 + r
                for n in nets { acc = acc * y + n }
            }
            return acc == 0 ? 0 : acc > 0 ? 1 : -1
        }
        var (low, high) = Self.irrRange
        let lowSign = sign(low)
        if lowSign == 0 { return (low, nil) }
        if sign(high) == 0 { return (high, nil) }
        guard sign(high) != lowSign else {
            return (nil, "the IRR is outside −99 % to 1,000 % a period")
        }
        let tolerance = Decimal(string: "0.0000000001")!
        while high - low > tolerance {
            let middle = (low + high) / 2
            let s = sign(middle)
            if s == 0 { return (middle, nil) }
            if s == lowSign { low = middle } else { high = middle }
        }
        return ((low + high) / 2, nil)
    }

    /// Periods until the cumulative of `flows` recovers for good, or nil and why not.
    static func payback(_ flows: [Decimal]) -> (periods: Decimal?, note: String?) {
        var cumulative: [Decimal] = []
        var sum = Decimal(0)
        for f in flows {
            sum += f
            cumulative.append(sum)
        }
        guard let lastNegative = cumulative.lastIndex(where: { $0 < 0 }) else {
            return (0, "the cumulative cash flow is never below zero: there is nothing to pay back")
        }
        guard lastNegative + 1 < flows.count else {
            return (nil, "not paid back within the \(flows.count) periods of the cash flows")
        }
        let owed = -cumulative[lastNegative]
        return (Decimal(lastNegative) + owed / flows[lastNegative + 1], nil)
    }

    var payback: (periods: Decimal?, note: String?) { Self.payback(periods.map { Decimal($0.net) }) }
    var discountedPayback: (periods: Decimal?, note: String?) { Self.payback(discountedNets) }

    /// `x` rounded half to even to `scale` decimals.
    static func rounded(_ x: Decimal, _ scale: Int) -> Decimal {
        var value = x
        var result = Decimal()
        NSDecimalRound(&result, &value, scale, .bankers)
        return result
    }

    /// `x` rounded half to even to whole minor units.
    static func minorUnits(_ x: Decimal) -> Int64 {
        let r = rounded(x, 0)
        return Int64(r.description) ?? NSDecimalNumber(decimal: r).int64Value
    }

    /// `x` as a decimal string rounded half to even to `scale` decimals.
    static func text(_ x: Decimal?, _ scale: Int) -> String? {
        x.map { rounded($0, scale).description }
    }
}
