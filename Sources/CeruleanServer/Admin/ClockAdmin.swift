import ARM
import CeruleanJSON
import Foundation
import Hummingbird

/// `GET /_cerulean/clock` and `POST /_cerulean/clock/advance {"seconds": N}` when the server runs
/// on a manual clock (`--clock manual`): provisioning transitions and rate-limit windows move
/// only when told to, for deterministic tests.
struct ClockAdmin {
    let clock: any ARM.Clock
    static let maximumStep: Double = 315_360_000

    func get() -> Response {
        JSONResponse.make(status: 200, body: [
            "mode": clock is ManualClock ? "manual" : "system", "now": .string(ARMTime.string(clock.now())),
        ])
    }

    func advance(_ body: Data) throws -> Response {
        guard let manual = clock as? ManualClock else {
            throw ARMError.conflict("ClockNotManual", "The server runs on the system clock; start it with --clock manual to advance time.")
        }
        let object = try BodyReader.object(body)
        guard let seconds = object["seconds"]?.numberValue, seconds >= 0, seconds <= Self.maximumStep else {
            throw ARMError.invalidRequestContent("'seconds' must be a number from 0 to \(Int(Self.maximumStep)) (ten years)")
        }
        manual.advance(by: seconds)
        return get()
    }
}
