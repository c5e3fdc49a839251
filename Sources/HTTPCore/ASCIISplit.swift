extension StringProtocol where SubSequence == Substring {
    /// Splits at an ASCII byte, scanning UTF-8. HTTP's separators (`/`, `,`, `;`, `&`, `=`) are octets
    /// (RFC 3986, RFC 9110), and `split(separator: Character)` walks grapheme clusters: on a profile read it was a
    /// fifth of the request. An ASCII byte is never part of a multi-byte sequence, so every cut is a valid index.
    /// `maxSplits` counts cuts made, as `split` does.
    @inlinable
    public func splitASCII(
        _ separator: UInt8,
        maxSplits: Int = Int.max,
        omittingEmptySubsequences: Bool = true
    ) -> [Substring] {
        var parts: [Substring] = []
        let bytes = utf8
        var start = bytes.startIndex
        var index = start
        var splits = 0
        while index != bytes.endIndex, splits < maxSplits {
            if bytes[index] == separator {
                if !omittingEmptySubsequences || start != index {
                    parts.append(self[start..<index])
                    splits += 1
                }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if !omittingEmptySubsequences || start != bytes.endIndex { parts.append(self[start..<bytes.endIndex]) }
        return parts
    }
}
