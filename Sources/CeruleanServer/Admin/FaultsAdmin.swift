import ARM
import CeruleanJSON
import Foundation
import Hummingbird

/// `/_cerulean/faults`: POST `{"seed": N, "rules": [...]}` replaces the fault plan, GET shows it
/// with how often each rule was considered and fired, DELETE removes it (docs/admin.md#faults).
struct FaultsAdmin {
    let book: FaultBook
    static let maximumRules = 100

    func respond(method: String, body: Data) throws -> Response {
        switch method {
        case "GET":
            return JSONResponse.make(status: 200, body: book.json)
        case "DELETE":
            book.clear()
            return JSONResponse.make(status: 204, body: nil)
        case "POST":
            let object = try BodyReader.object(body)
            if let unknown = object.keys(notIn: ["seed", "rules"]).first {
                throw ARMError.invalidRequestContent("'\(unknown)' is not a member of a fault plan (seed, rules)")
            }
            var seed: UInt64 = 0
            if let member = object["seed"], !member.isNull {
                guard let n = member.intValue, n >= 0 else {
                    throw ARMError.invalidRequestContent("'seed' must be a non-negative integer below 2^53")
                }
                seed = UInt64(n)
            }
            guard let items = object["rules"]?.arrayValue else {
                throw ARMError.invalidRequestContent("'rules' must be an array (empty to fault nothing)")
            }
            guard items.count <= Self.maximumRules else {
                throw ARMError.invalidRequestContent("A fault plan has at most \(Self.maximumRules) rules")
            }
            let rules = try items.enumerated().map { try FaultRule(parsing: $1, index: $0) }
            book.replace(seed: seed, rules: rules)
            return JSONResponse.make(status: 200, body: book.json)
        default:
            throw ARMError.methodNotAllowed(method)
        }
    }
}
