import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Serves files under a root folder for GET and HEAD: `index.html` for folders, MIME types, `ETag` and
/// `Last-Modified` with 304s, `Cache-Control`, and a precompressed `.gz` sibling when the client accepts gzip.
///
/// No request escapes the root: the path is decoded segment by segment, and any segment that is empty after
/// decoding, is `.` or `..`, or holds `/`, `\` or NUL is refused; the resolved real path (symlinks followed)
/// must still lie under the root's real path.
public struct StaticFileHandler: Responder {
    public let root: String
    let maxFileBytes: Int

    /// - Parameter root: the folder to serve; resolved once to its real path.
    public init(root: String, maxFileBytes: Int = 32 << 20) {
        let resolved = realpath(root, nil).map { p -> String in
            defer { free(p) }
            return String(cString: p)
        }
        self.root = resolved ?? root
        self.maxFileBytes = maxFileBytes
    }

    /// Inline: a `stat` and a read from the page cache cost less than the two thread switches to a worker and back.
    public func execution(for request: Request) -> Execution { .inline }

    public func respond(to request: Request) throws -> Response {
        guard let relative = Self.safeRelativePath(request.path) else {
            throw HTTPError(.notFound, "no resource at \(request.path)")
        }
        var path = root + "/" + relative
        var info = stat()
        guard let real = resolve(path, &info) else { throw HTTPError(.notFound, "no resource at \(request.path)") }
        path = real
        if (info.st_mode & S_IFMT) == S_IFDIR {
            if !request.path.hasSuffix("/") {
                // Relative links in the index need the trailing slash.
                // Built from the normalized path: a raw "//host" path would make an off-site redirect.
                var location = "/" + relative + "/"
                if !request.rawQuery.isEmpty { location += "?" + request.rawQuery }
                return Response(status: .movedPermanently, headers: ["Location": location])
            }
            guard let index = resolve(path + "/index.html", &info) else {
                throw HTTPError(.notFound, "no resource at \(request.path)")
            }
            path = index
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw HTTPError(.notFound, "no resource at \(request.path)") }
        return try serve(path, info: info, request: request)
    }

    private func serve(_ path: String, info: stat, request: Request) throws -> Response {
        let modified = Int(info.st_mtim.tv_sec)
        let etag =
            "\"\(String(Int(info.st_size), radix: 16))-\(String(Int(info.st_mtim.tv_sec) * 1000 + Int(info.st_mtim.tv_nsec) / 1_000_000, radix: 16))\""
        let contentType = MIMETypes.type(forPath: path)
        var headers: HTTPHeaders = [
            "Content-Type": contentType,
            "ETag": etag,
            "Last-Modified": HTTPDate.format(modified),
            // HTML is revalidated every time so a new release shows at once; assets may be cached briefly.
            "Cache-Control": contentType.hasPrefix("text/html") ? "no-cache" : "public, max-age=300",
        ]
        // The gzip sibling is its own representation, with its own tag (RFC 9110 §8.8.3), for 200s and 304s alike.
        var gzipped: (path: String, size: Int)?
        if AcceptEncoding(header: request.headers["Accept-Encoding"]).gzip > 0 {
            var gzInfo = stat()
            if let resolved = resolve(path + ".gz", &gzInfo), (gzInfo.st_mode & S_IFMT) == S_IFREG {
                gzipped = (resolved, Int(gzInfo.st_size))
                headers["Content-Encoding"] = "gzip"
                headers["ETag"] = String(etag.dropLast()) + "-gz\""
                headers.add(name: "Vary", value: "Accept-Encoding")
            }
        }
        if Self.notModified(request.headers, etag: etag, modified: modified) {
            if gzipped == nil && CompressibleTypes.contains(contentType) {
                headers.add(name: "Vary", value: "Accept-Encoding")
            }
            headers.remove(name: "Content-Type")
            headers.remove(name: "Content-Encoding")
            return Response(status: .notModified, headers: headers)
        }
        if let gzipped {
            return Response(status: .ok, headers: headers, body: try read(gzipped.path, size: gzipped.size))
        }
        return Response(status: .ok, headers: headers, body: try read(path, size: Int(info.st_size)))
    }

    /// RFC 9110 §13.1.2 and §13.1.3: If-None-Match wins over If-Modified-Since. Entity tags compare weakly, and
    /// the gzip variant's tag matches its file too.
    static func notModified(_ headers: HTTPHeaders, etag: String, modified: Int) -> Bool {
        let candidates = headers.listValues(for: "If-None-Match")
        if !candidates.isEmpty {
            let bare = etag
            let gz = String(etag.dropLast()) + "-gz\""
            return candidates.contains { c in
                let tag = c.hasPrefix("W/") ? String(c.dropFirst(2)) : String(c)
                return tag == "*" || tag == bare || tag == gz
            }
        }
        if let since = headers["If-Modified-Since"], let t = HTTPDate.parse(since) { return modified <= t }
        return false
    }

    /// The real path of `path` if it exists and lies under the root, with its `stat`.
    private func resolve(_ path: String, _ info: inout stat) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        let real = String(cString: p)
        free(p)
        guard real == root || real.hasPrefix(root + "/") else { return nil }
        guard stat(real, &info) == 0 else { return nil }
        return real
    }

    private func read(_ path: String, size: Int) throws -> [UInt8] {
        guard size <= maxFileBytes else { throw HTTPError(.internalServerError, "file too large to serve") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPError(.notFound, "file vanished") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        if done < size { bytes.removeLast(size - done) }
        return bytes
    }

    /// Decodes the URL path into a relative file path, or nil when it could leave the root.
    public static func safeRelativePath(_ path: String) -> String? {
        var parts: [String] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            guard let decoded = PercentDecoding.decode(segment), !decoded.isEmpty else { return nil }
            if decoded == "." || decoded == ".." || decoded.hasPrefix(".") { return nil }
            if decoded.contains("/") || decoded.contains("\\") || decoded.utf8.contains(0) { return nil }
            parts.append(decoded)
        }
        return parts.joined(separator: "/")
    }
}
