import ARM
import CeruleanJSON

/// One rule of a fault plan: which requests it considers (plane, operation, name pattern), how
/// likely it fires on each, how many times at most, and what it does.
struct FaultRule: Sendable {
    let plane: FaultTarget.Plane
    let operation: Glob
    let namePattern: Glob
    let probability: Double
    /// Fires at most this many times; `nil` is unlimited.
    let count: Int?
    let effect: FaultEffect

    init(plane: FaultTarget.Plane, operation: Glob = .any, namePattern: Glob = .any, probability: Double = 1,
         count: Int? = nil, effect: FaultEffect) {
        self.plane = plane
        self.operation = operation
        self.namePattern = namePattern
        self.probability = probability
        self.count = count
        self.effect = effect
    }

    /// Parses one element of `rules`; `index` names it in error messages.
    init(parsing json: JSON, index: Int) throws {
        let path = "rules[\(index)]"
        guard let object = json.objectValue else { throw ARMError.invalidRequestContent("'\(path)' must be an object") }
        let known: Set<String> = ["plane", "operation", "namePattern", "probability", "count", "effect"]
        if let unknown = object.keys(notIn: known).first {
            throw ARMError.invalidRequestContent("'\(path).\(unknown)' is not a rule member (\(known.sorted().joined(separator: ", ")))")
        }
        guard let planeText = object["plane"]?.stringValue, let plane = FaultTarget.Plane(rawValue: planeText) else {
            throw ARMError.invalidRequestContent("'\(path).plane' must be one of \(FaultTarget.Plane.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        func pattern(_ key: String) throws -> Glob {
            guard let member = object[key], !member.isNull else { return .any }
            guard let s = member.stringValue, !s.isEmpty, s.count <= 200 else {
                throw ARMError.invalidRequestContent("'\(path).\(key)' must be a non-empty string of at most 200 characters")
            }
            return Glob(s)
        }
        var probability = 1.0
        if let member = object["probability"], !member.isNull {
            guard let p = member.numberValue, p >= 0, p <= 1 else {
                throw ARMError.invalidRequestContent("'\(path).probability' must be a number from 0 to 1")
            }
            probability = p
        }
        var count: Int?
        if let member = object["count"], !member.isNull {
            guard let n = member.intValue, n >= 1 else {
                throw ARMError.invalidRequestContent("'\(path).count' must be an integer of at least 1 (leave it out for no limit)")
            }
            count = n
        }
        let effect = try FaultEffect(parsing: object["effect"], at: "\(path).effect")
        let operation = try pattern("operation")
        switch effect {
        case .provisioningFailure:
            guard plane == .arm, operation.matches("PUT") else {
                throw ARMError.invalidRequestContent("'\(path)': a provisioningFailure applies to ARM PUTs (plane 'arm', operation 'PUT')")
            }
        case .cutStream:
            guard plane == .inference, operation.matches("chat.completions") else {
                throw ARMError.invalidRequestContent("'\(path)': a cutStream applies to streamed chat completions (plane 'inference', operation 'chat.completions')")
            }
        default:
            break
        }
        self.init(plane: plane, operation: operation, namePattern: try pattern("namePattern"), probability: probability,
                  count: count, effect: effect)
    }

    /// Whether the rule considers this request (before its count and probability are looked at).
    func applies(to target: FaultTarget) -> Bool {
        guard target.plane == plane, operation.matches(target.operation), namePattern.matches(target.name) else { return false }
        switch effect {
        case .provisioningFailure: return target.startsProvisioning
        case .cutStream: return target.streaming
        default: return true
        }
    }

    var json: JSONObject {
        var o: JSONObject = [
            "plane": .string(plane.rawValue), "operation": .string(operation.description),
            "namePattern": .string(namePattern.description), "probability": .number(probability),
        ]
        o["count"] = count.map { JSON($0) } ?? JSON.null
        o["effect"] = effect.json
        return o
    }
}
