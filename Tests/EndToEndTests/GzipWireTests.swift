import Foundation
import HTTPCore
import TestSupport
import Testing

@Suite struct GzipWireTests {
    @Test func compressedBodyInflatesToTheIdentityBody() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            try client.send("GET /bench/items HTTP/1.1\r\nHost: t\r\n\r\n")
            let plain = try client.readResponse()
            #expect(plain.headers["Content-Encoding"] == nil)
            #expect(plain.body.count == 21_676)
            try client.send("GET /bench/items HTTP/1.1\r\nHost: t\r\nAccept-Encoding: br;q=1, gzip;q=0.8\r\n\r\n")
            let zipped = try client.readResponse()
            #expect(zipped.headers["Content-Encoding"] == "gzip")
            #expect(zipped.headers["Vary"] == "Accept-Encoding")
            #expect(zipped.headers["Content-Length"] == String(zipped.body.count))
            #expect(zipped.body.count < plain.body.count / 4)
            #expect(try Gzip.decompress(zipped.body) == plain.body)
        }
    }

    @Test func respectsRefusedCodings() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            try client.send("GET /bench/items HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip;q=0, identity\r\n\r\n")
            #expect(try client.readResponse().headers["Content-Encoding"] == nil)
            // identity refused: even the small /health body comes compressed.
            try client.send("GET /health HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip, identity;q=0\r\n\r\n")
            let forced = try client.readResponse()
            #expect(forced.headers["Content-Encoding"] == "gzip")
            #expect(try JSONSerialization.jsonObject(with: Data(Gzip.decompress(forced.body))) is [String: Any])
            try client.send("GET /health HTTP/1.1\r\nHost: t\r\nAccept-Encoding: *;q=0\r\n\r\n")
            #expect(try client.readResponse().status == 406)
        }
    }

    @Test func headCarriesTheGetHeadersWithoutABody() throws {
        try TestServer.withCharter { service in
            let client = try RawClient(port: service.port)
            try client.send("GET /bench/items HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            let get = try client.readResponse()
            try client.send("HEAD /bench/items HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n")
            let head = try client.readResponse(bodyExpected: false)
            #expect(head.status == 200)
            #expect(head.headers["Content-Encoding"] == "gzip")
            #expect(head.headers["Content-Length"] == get.headers["Content-Length"])
            #expect(head.headers["Content-Type"] == get.headers["Content-Type"])
            // Nothing follows the head: the next response starts right away.
            try client.send("GET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
    }
}
