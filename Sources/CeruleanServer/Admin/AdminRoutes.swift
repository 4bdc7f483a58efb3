/// The admin routes and the methods each one answers: the `Allow` header of a 405, and the
/// difference between a wrong method (405) and a wrong path (404).
enum AdminRoutes {
    /// `parts` are the path segments after `/_cerulean`.
    static func allowedMethods(_ parts: [String]) -> String? {
        switch parts {
        case [], ["dashboard"], ["openapi.json"], ["ca.pem"], ["info"], ["metrics"], ["seed", "schema"], ["snapshots"], ["clock"]: "GET"
        case ["health"]: "GET, HEAD"
        case ["reset"], ["seed"], ["clock", "advance"]: "POST"
        case ["requests"]: "GET, DELETE"
        case ["provisioning"]: "GET, PUT"
        case ["faults"]: "GET, POST, DELETE"
        case let p where p.count == 2 && p[0] == "snapshots": "POST"
        case let p where p.count == 3 && p[0] == "snapshots" && p[2] == "restore": "POST"
        case let p where p.count == 3 && p[0] == "endpoints" && p[2] == "replies": "GET, POST, DELETE"
        case let p where p.count == 3 && p[0] == "endpoints" && ["limits", "latency"].contains(p[2]): "PUT, DELETE"
        default: nil
        }
    }
}
