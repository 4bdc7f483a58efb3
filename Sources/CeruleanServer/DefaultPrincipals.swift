import Authorization
import Identity

/// The clients Cerulean's own tools sign in as, Owner of the default subscription from the start
/// (every other principal starts with nothing): the managed identity `cerulean env` points
/// credentials at, the service principal `cerulean az-setup` signs az in with, and the seed applier.
enum DefaultPrincipals {
    static let clients = ["cerulean-managed-identity", "cerulean-cli", "cerulean-seed"]

    static var all: [PrincipalDirectory.Principal] {
        clients.map { client in
            PrincipalDirectory.Principal(objectID: TokenIssuer.objectID(forClient: client), kind: .servicePrincipal,
                                         displayName: client, appID: client)
        }
    }
}
