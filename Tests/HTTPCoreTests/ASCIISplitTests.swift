import HTTPCore
import Testing

/// `splitASCII` cuts where `split(separator:)` cuts, for every combination of options.
@Suite struct ASCIISplitTests {
    @Test(arguments: [
        "", "/", "//", "/a", "a/", "/a//b/", "a/b/c", "/api/v1/careers/15-1299.09", "é/中/😀", "/%2F/x", "a,,b, c",
    ])
    func agreesWithSplit(_ text: String) {
        for separator in ["/", ","] as [Character] {
            for omitting in [true, false] {
                for maxSplits in [0, 1, 2, Int.max] {
                    let expected = text.split(
                        separator: separator,
                        maxSplits: maxSplits,
                        omittingEmptySubsequences: omitting
                    )
                    let actual = text.splitASCII(
                        separator.asciiValue!,
                        maxSplits: maxSplits,
                        omittingEmptySubsequences: omitting
                    )
                    #expect(actual == expected, "\(text) \(separator) \(omitting) \(maxSplits)")
                    #expect(
                        text[...].splitASCII(
                            separator.asciiValue!,
                            maxSplits: maxSplits,
                            omittingEmptySubsequences: omitting
                        ) == expected
                    )
                }
            }
        }
    }

    @Test func trimsOnlySpacesAndTabs() {
        #expect("  \t a b \t ".dropFirst(0).trimmingOWS() == "a b")
        #expect("".dropFirst(0).trimmingOWS() == "")
        #expect(" \t ".dropFirst(0).trimmingOWS() == "")
        #expect("\u{A0}x\u{A0}".dropFirst(0).trimmingOWS() == "\u{A0}x\u{A0}")
    }
}
