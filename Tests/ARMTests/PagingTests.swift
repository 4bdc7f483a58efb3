import ARM
import CeruleanJSON
import Foundation
import Testing

/// Lists page in the store by position: a `$skipToken` names where its page ended, so writes
/// elsewhere between pages neither repeat nor skip what did not change (issue 11).
@Suite struct PagingTests {
    typealias H = EngineHarness
    static let list = "\(H.group)/providers/Microsoft.CeruleanTest/widgets"

    func names(_ r: ARMResponse) -> [String] { r.body?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [] }

    /// A group with widgets w01...wN, each created a second after the one before.
    func setUp(_ count: Int, pageSize: Int) async throws -> H {
        let h = try await H(policy: .immediate, pageSize: pageSize)
        await h.makeGroup()
        for i in 1...count {
            h.clock.advance(by: 1)
            await h.makeWidget(String(format: "w%02d", i), body: #"{"location":"eastus","tags":{"n":"\#(i)","odd":"\#(i % 2 == 1)"}}"#)
        }
        return h
    }

    /// Follows nextLinks from `first`, running `between` after each page; returns the names seen per page.
    func walk(_ h: H, _ first: String, between: (Int) async -> Void = { _ in }) async -> [[String]] {
        var pages: [[String]] = []
        var response = await h.call("GET", first)
        while true {
            pages.append(names(response))
            guard let next = response.body?["nextLink"]?.stringValue else { break }
            await between(pages.count)
            response = await h.follow(next)
        }
        return pages
    }

    @Test func pagesCoverEveryItemOnceInCreationOrder() async throws {
        let h = try await setUp(10, pageSize: 3)
        let pages = await walk(h, Self.list)
        #expect(pages.map(\.count) == [3, 3, 3, 1])
        #expect(pages.flatMap { $0 } == (1...10).map { String(format: "w%02d", $0) })
    }

    @Test func insertsAndDeletesBetweenPagesSkipAndRepeatNothingElse() async throws {
        let h = try await setUp(9, pageSize: 3)
        let pages = await walk(h, Self.list) { page in
            guard page == 1 else { return }
            // After the first page: delete the row its token names and one not yet listed, add one.
            _ = await h.call("DELETE", H.widget("w03"))
            _ = await h.call("DELETE", H.widget("w05"))
            h.clock.advance(by: 1)
            await h.makeWidget("w10")
        }
        #expect(pages.flatMap { $0 } == ["w01", "w02", "w03", "w04", "w06", "w07", "w08", "w09", "w10"])
    }

    @Test func rowsCreatedAtTheSameInstantPageByKey() async throws {
        let h = try await H(policy: .immediate, pageSize: 2)
        await h.makeGroup()
        for name in ["c", "a", "e", "b", "d"] { await h.makeWidget(name) }  // the manual clock does not move
        #expect(await walk(h, Self.list).flatMap { $0 } == ["a", "b", "c", "d", "e"])
    }

    @Test func topSetsThePageSizeAndFiltersPageToo() async throws {
        let h = try await setUp(10, pageSize: 100)
        let top = await walk(h, Self.list + "?$top=4")
        #expect(top.map(\.count) == [4, 4, 2])
        let generic = "/subscriptions/\(H.sub)/resources?$top=2&$filter=" + "tagName eq 'odd' and tagValue eq 'true'"
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let odd = await walk(h, generic)
        #expect(odd.map(\.count) == [2, 2, 1])
        #expect(odd.flatMap { $0 } == ["w01", "w03", "w05", "w07", "w09"])
        // The filter and $top ride along in every nextLink.
        let first = await h.call("GET", generic)
        let next = try #require(first.body?["nextLink"]?.stringValue)
        #expect(next.contains("$filter=") && next.contains("$top=2") && next.contains("$skipToken="))
    }

    @Test func aTokenThatIsNotOneIsRefused() async throws {
        let h = try await setUp(3, pageSize: 2)
        for token in ["garbage", "Y2VydWxlYW46azp6ejpr", "Y2VydWxlYW46Mg"] {  // not base64url, bad time, an offset token
            let r = await h.call("GET", Self.list + "?$skipToken=\(token)")
            #expect(r.status == 400)
            #expect(r.errorCode == "InvalidParameter")
        }
    }

    @Test func resourceGroupListsPageAndFilterInTheStore() async throws {
        let h = try await H(policy: .immediate, pageSize: 2)
        for i in 1...5 {
            h.clock.advance(by: 1)
            _ = await h.call("PUT", "/subscriptions/\(H.sub)/resourceGroups/g\(i)",
                             body: #"{"location":"eastus","tags":{"Team":"\#(i <= 3 ? "A" : "B")"}}"#)
        }
        let all = await walk(h, "/subscriptions/\(H.sub)/resourcegroups")
        #expect(all.flatMap { $0 } == ["g1", "g2", "g3", "g4", "g5"])
        let filter = "tagName eq 'team' and tagValue eq 'a'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(await walk(h, "/subscriptions/\(H.sub)/resourcegroups?$filter=\(filter)").flatMap { $0 } == ["g1", "g2", "g3"])
    }
}
