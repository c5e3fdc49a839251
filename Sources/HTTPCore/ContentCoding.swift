/// `Accept-Encoding` negotiation (RFC 9110 §12.5.3) between gzip and identity, with q-values.
public struct AcceptEncoding: Sendable, Equatable {
    /// The q-value the client gives gzip (0 means "not acceptable").
    public var gzip: Double
    /// The q-value the client gives identity; identity is acceptable unless excluded.
    public var identity: Double
    /// Whether the client named identity itself (or `*`); an implicit identity never outranks a listed coding.
    public var identityExplicit: Bool

    public init(header: String?) {
        guard let header else {
            gzip = 0
            identity = 1
            identityExplicit = false
            return
        }
        var gzip: Double?
        var identity: Double?
        var star: Double?
        for element in header.splitASCII(UInt8(ascii: ",")) {
            let parts = element.splitASCII(UInt8(ascii: ";"))
            guard let first = parts.first else { continue }
            let coding = first.trimmingOWS().lowercased()
            var q = 1.0
            for param in parts.dropFirst() {
                let kv = param.trimmingOWS()
                if kv.lowercased().hasPrefix("q=") { q = AcceptEncoding.parseQ(kv.dropFirst(2)) }
            }
            switch coding {
            case "gzip", "x-gzip": gzip = max(gzip ?? 0, q)
            case "identity": identity = q
            case "*": star = q
            default: break
            }
        }
        self.gzip = gzip ?? star ?? 0
        self.identity = identity ?? star ?? 1
        identityExplicit = identity != nil || star != nil
    }

    /// A malformed q-value counts as 0: a client that cannot say what it accepts gets the conservative choice.
    static func parseQ(_ s: Substring) -> Double {
        guard let v = Double(s.trimmingOWS()), v >= 0, v <= 1 else { return 0 }
        return v
    }

    public enum Choice: Sendable, Equatable {
        case gzip
        case identity
        case none
    }

    /// What to send for a body that may be compressed; `preferGzip` is false when compressing would not pay
    /// (a small or incompressible body), in which case gzip is chosen only when identity is refused.
    public func choose(preferGzip: Bool) -> Choice {
        if gzip > 0 && (preferGzip || identity == 0) && (!identityExplicit || gzip >= identity) { return .gzip }
        if identity > 0 { return .identity }
        return gzip > 0 ? .gzip : .none
    }
}

/// Media types worth compressing.
public enum CompressibleTypes {
    public static func contains(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type =
            contentType.splitASCII(UInt8(ascii: ";"), maxSplits: 1).first.map { $0.trimmingOWS().lowercased() } ?? ""
        if type.hasPrefix("text/") { return true }
        switch type {
        case "application/json", "application/problem+json", "application/javascript", "application/xml",
            "image/svg+xml", "application/manifest+json", "application/geo+json", "application/openapi+json":
            return true
        default:
            return type.hasSuffix("+json") || type.hasSuffix("+xml")
        }
    }
}
