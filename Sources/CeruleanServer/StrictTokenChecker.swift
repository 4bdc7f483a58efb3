import ARM
import Foundation
import Identity

/// `--auth strict`: ARM accepts only tokens Cerulean issued (signed with the key its JWKS lists),
/// already valid and unexpired, for ARM's audience (Cerulean's own URL, or Azure's
/// `https://management.azure.com/` and `https://management.core.windows.net/`).
struct StrictTokenChecker: BearerTokenChecker {
    let validator: TokenValidator

    func caller(for token: String, baseURL: String, now: Date) throws -> Caller {
        let audiences = [baseURL + "/", "https://management.azure.com/", "https://management.core.windows.net/"]
        do {
            _ = try validator.validate(token, audiences: audiences, now: now)
        } catch TokenValidator.Failure.notYetValid(let notBefore, let now) {
            throw ARMError.tokenNotYetValid(notBefore: notBefore, now: now)
        } catch TokenValidator.Failure.expired(let expiry, let now) {
            throw ARMError.expiredToken(expiry: expiry, now: now)
        } catch TokenValidator.Failure.wrongAudience(let audience) {
            throw ARMError.wrongAudience(audience, allowed: audiences)
        } catch {
            throw ARMError.invalidToken()
        }
        return Caller(authorization: "Bearer " + token)
    }
}
