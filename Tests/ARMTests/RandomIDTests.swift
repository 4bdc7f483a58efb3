import ARM
import Foundation
import Testing

@Suite struct RandomIDTests {
    @Test func makesDistinctVersion4UUIDsInLowerCase() {
        let ids = (0..<1000).map { _ in RandomID.uuid() }
        #expect(Set(ids).count == 1000)
        for id in ids.prefix(50) {
            #expect(id.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
            #expect(UUID(uuidString: id) != nil)
        }
    }
}
