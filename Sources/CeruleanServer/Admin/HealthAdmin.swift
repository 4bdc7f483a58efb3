import CeruleanJSON
import Hummingbird

/// `GET /_cerulean/health`: 200 while the database answers (checked at most once a second), 503 otherwise.
struct HealthAdmin {
    let databaseCheck: DatabaseCheck
    let version: String

    func respond() async -> Response {
        switch await databaseCheck.result() {
        case .success(let count):
            return JSONResponse.make(status: 200, body: [
                "status": "ok", "version": .string(version), "database": "ok", "resources": JSON(count),
            ])
        case .failure(let error):
            return JSONResponse.make(status: 503, body: [
                "status": "unavailable", "version": .string(version), "database": .string("\(error)"),
            ])
        }
    }
}
