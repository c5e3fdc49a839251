/// A small XML reader for plan files (MSPDI): elements, attributes skipped, text, the five predefined entities and
/// numeric character references, comments, CDATA and processing instructions. A document type declaration is
/// refused (no entity expansion, no external entities: nothing in a plan needs one), and so is nesting deeper than
/// `maxDepth` or more than `maxElements` elements. Names are kept without their namespace prefix.
struct XMLTree {
    struct Element {
        var name: String
        var children: [Element] = []
        var text = ""

        /// The first child named `name`.
        func child(_ name: String) -> Element? { children.first { $0.name == name } }
        /// The children named `name`.
        func all(_ name: String) -> [Element] { children.filter { $0.name == name } }
        /// The trimmed text of the first child named `name`, when it has some.
        func value(_ name: String) -> String? {
            guard let t = child(name)?.text.trimmingASCIIWhitespace(), !t.isEmpty else { return nil }
            return t
        }
    }

    struct SyntaxError: Error, CustomStringConvertible {
        let description: String
    }

    static let maxDepth = 64
    static let maxElements = 2_000_000

    /// Parses `bytes` (UTF-8) into its root element.
    static func parse(_ bytes: [UInt8]) throws -> Element {
        var i = 0
        let n = bytes.count
        var stack: [Element] = []
        var root: Element?
        var count = 0
        func fail(_ what: String) -> SyntaxError { SyntaxError(description: "\(what) at byte \(i)") }
        func starts(_ s: String) -> Bool {
            let u = Array(s.utf8)
            return i + u.count <= n && Array(bytes[i..<(i + u.count)]) == u
        }
        func skip(past s: String) throws {
            let u = Array(s.utf8)
            while i + u.count <= n {
                if bytes[i] == u[0] && Array(bytes[i..<(i + u.count)]) == u {
                    i += u.count
                    return
                }
                i += 1
            }
            throw fail("unterminated markup (no '\(s)')")
        }
        if starts("\u{FEFF}") { i += 3 }
        while i < n {
            if bytes[i] != 60 {  // text
                let start = i
                while i < n && bytes[i] != 60 { i += 1 }
                let text = try decode(bytes[start..<i])
                if stack.isEmpty {
                    guard text.trimmingASCIIWhitespace().isEmpty else { throw fail("text outside the root element") }
                } else {
                    stack[stack.count - 1].text += text
                }
                continue
            }
            if starts("<?") {
                try skip(past: "?>")
            } else if starts("<!--") {
                try skip(past: "-->")
            } else if starts("<![CDATA[") {
                let start = i + 9
                try skip(past: "]]>")
                guard !stack.isEmpty else { throw fail("CDATA outside the root element") }
                stack[stack.count - 1].text += String(decoding: bytes[start..<(i - 3)], as: UTF8.self)
            } else if starts("<!") {
                throw fail("a document type declaration (<!DOCTYPE or <!ENTITY) is not accepted in a plan")
            } else if starts("</") {
                let start = i + 2
                while i < n && bytes[i] != 62 { i += 1 }
                guard i < n else { throw fail("unterminated end tag") }
                let name = localName(bytes[start..<i])
                i += 1
                guard let open = stack.popLast(), open.name == name else {
                    throw fail("end tag </\(name)> does not close the open element")
                }
                if stack.isEmpty { root = open } else { stack[stack.count - 1].children.append(open) }
            } else {
                let start = i + 1
                var quote: UInt8 = 0
                i += 1
                while i < n {
                    let b = bytes[i]
                    if quote != 0 {
                        if b == quote { quote = 0 }
                    } else if b == 34 || b == 39 {
                        quote = b
                    } else if b == 62 {
                        break
                    }
                    i += 1
                }
                guard i < n else { throw fail("unterminated start tag") }
                let selfClosing = bytes[i - 1] == 47
                var end = start
                while end < i && ![32, 9, 10, 13, 47, 62].contains(bytes[end]) { end += 1 }
                let name = localName(bytes[start..<end])
                guard !name.isEmpty else { throw fail("an element without a name") }
                i += 1
                guard root == nil else { throw fail("a second root element") }
                count += 1
                guard count <= maxElements else { throw fail("more than \(maxElements) elements") }
                let element = Element(name: name)
                if selfClosing {
                    if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
                } else {
                    guard stack.count < maxDepth else { throw fail("elements nested deeper than \(maxDepth)") }
                    stack.append(element)
                }
            }
        }
        guard stack.isEmpty, let root else { throw fail("the document ends before its root element closes") }
        return root
    }

    private static func localName(_ bytes: ArraySlice<UInt8>) -> String {
        let name = String(decoding: bytes, as: UTF8.self)
        if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
        return name
    }

    /// Text with its references replaced.
    private static func decode(_ bytes: ArraySlice<UInt8>) throws -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";"), rest.distance(from: amp, to: semi) <= 10 else {
                throw SyntaxError(description: "an unterminated character reference")
            }
            let name = rest[rest.index(after: amp)..<semi]
            switch name {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let scalar: UInt32? =
                    name.hasPrefix("#x")
                    ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                guard let scalar, let u = Unicode.Scalar(scalar) else {
                    throw SyntaxError(description: "an unknown entity &\(name);")
                }
                out.unicodeScalars.append(u)
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// `text` escaped for element content.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // Control characters other than tab and newlines cannot appear in XML 1.0.
                if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" {
                    out += " "
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let u = Array(utf8)
        var a = 0
        var b = u.count
        while a < b && [32, 9, 10, 13].contains(u[a]) { a += 1 }
        while b > a && [32, 9, 10, 13].contains(u[b - 1]) { b -= 1 }
        return String(decoding: u[a..<b], as: UTF8.self)
    }
}
