import Foundation

/// The current time as `YYYY-MM-DDTHH:MM:SS.sssZ`, the format SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ')` writes.
struct ISO8601Clock {
    func string(_ date: Date = Date()) -> String {
        let seconds = date.timeIntervalSince1970
        let days = Int((seconds / 86_400).rounded(.down))
        let rest = seconds - Double(days) * 86_400
        let h = Int(rest / 3600)
        let m = Int(rest.truncatingRemainder(dividingBy: 3600) / 60)
        let s = rest.truncatingRemainder(dividingBy: 60)
        let ms = Int((s - s.rounded(.down)) * 1000)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let millis = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return "\(CivilDate.string(days))T\(two(h)):\(two(m)):\(two(Int(s))).\(millis)Z"
    }
}
