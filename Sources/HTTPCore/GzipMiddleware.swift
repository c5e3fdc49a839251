/// Compresses responses with gzip when the client accepts it and it pays: a compressible type, at least
/// `minimumBytes`, not already encoded. `Vary: Accept-Encoding` goes on every response whose encoding depended on
/// the request. `Content-Length` becomes the compressed length because the writer counts the final body.
///
/// Bodies of `largeBodyBytes` or more are compressed at level 1, as nginx does by default: level 6 costs about
/// three times the CPU for a third fewer bytes, which on a 2.8 MB WBS meant 35 ms instead of 13 ms before the
/// first byte, and the bytes saved matter least on the networks that fetch such documents (dashboards on a LAN).
public struct GzipMiddleware: Middleware {
    let minimumBytes: Int
    let level: Int32
    let largeBodyBytes: Int
    /// Where the gzip variants of responses with a `cacheKey` are kept.
    let cache: BodyCache?

    public init(
        minimumBytes: Int = 1024,
        level: Int = 6,
        largeBodyBytes: Int = 256 * 1024,
        cache: BodyCache? = nil
    ) {
        self.minimumBytes = minimumBytes
        self.level = Int32(level)
        self.largeBodyBytes = largeBodyBytes
        self.cache = cache
    }

    public func respond(to request: Request, next: any Responder) throws -> Response {
        var response = try next.respond(to: request)
        guard response.status.allowsBody, !response.body.isEmpty, response.headers["Content-Encoding"] == nil else {
            return response
        }
        let compressible = CompressibleTypes.contains(response.headers["Content-Type"])
        let accept = AcceptEncoding(header: request.headers["Accept-Encoding"])
        if compressible { addVary(&response) }
        switch accept.choose(preferGzip: compressible && response.body.count >= minimumBytes) {
        case .identity:
            return response
        case .gzip:
            if !compressible { addVary(&response) }
            let large = largeBodyBytes > 0 && response.body.count >= largeBodyBytes
            let level = large ? min(level, 1) : level
            response.uncompressedBodyCount = response.body.count
            let key = response.cacheKey.map { "\($0)|gzip\(level)" }
            if let key, let cache, let kept = cache.get(key) {
                response.body = kept.bytes
            } else {
                response.body = try Gzip.compress(response.body, level: level)
                if let key { cache?.put(key, response.body) }
            }
            response.headers["Content-Encoding"] = "gzip"
            if let etag = response.headers["ETag"], etag.hasSuffix("\"") {
                // A different representation needs a different entity tag (RFC 9110 §8.8.3).
                response.headers["ETag"] = String(etag.dropLast()) + "-gz\""
            }
            return response
        case .none where response.status.code >= 400:
            // An error keeps its own status (and stays identity-coded): a 406 would hide why the request failed.
            return response
        case .none:
            return Response.problem(
                .notAcceptable,
                "the request refuses both gzip and identity encodings; this server offers only those",
                instance: request.path,
                headers: ["Vary": "Accept-Encoding"]
            )
        }
    }

    private func addVary(_ response: inout Response) {
        if !response.headers.hasToken("Accept-Encoding", in: "Vary") {
            response.headers.add(name: "Vary", value: "Accept-Encoding")
        }
    }
}
