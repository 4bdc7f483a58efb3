import Foundation

/// The dashboard's HTML: a pure function of a `DashboardState`. Every value from the state is
/// escaped; the page has no script and reloads itself every two seconds.
struct DashboardPage {
    let state: DashboardState

    var html: String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="refresh" content="2">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Cerulean dashboard</title>
        <style>\(Self.style)</style>
        </head>
        <body>
        <header>
        <h1>Cerulean <small>\(e(state.version))</small></h1>
        <p class="meta">\(e(clockText)) · \(state.faultRules == 0 ? "no fault rules" : "\(state.faultRules) fault rule\(state.faultRules == 1 ? "" : "s") in force") · refreshes every 2 s</p>
        </header>
        <main>
        \(counts)
        \(section("subscriptions", "Subscriptions", ["Name", "Subscription ID", "State"], state.subscriptions.map { s in
            row("subscription", s.id, [e(s.name), code(s.id), badge(s.state)])
        }))
        \(section("resource-groups", "Resource groups", ["Name", "Subscription", "Location", "Provisioning"], state.groups.map { g in
            row("resource-group", g.name, [strong(g.name), code(g.subscription), e(g.location), badge(g.state)])
        }))
        \(section("workspaces", "Workspaces", ["Name", "Kind", "Hub", "Resource group", "Location", "Provisioning"], state.workspaces.map { w in
            row("workspace", w.name, [strong(w.name), e(w.kind), e(w.hub ?? "—"), e(w.group), e(w.location), badge(w.state)])
        }))
        \(section("marketplace-subscriptions", "Marketplace subscriptions", ["Name", "Workspace", "Model", "Status", "Provisioning"], state.marketplaceSubscriptions.map { m in
            row("marketplace-subscription", m.name, [strong(m.name), e(m.workspace), model(m.model), badge(m.status), badge(m.state)])
        }))
        \(section("endpoints", "Serverless endpoints", ["Name", "Workspace", "Model", "Region", "Provisioning", "Endpoint state", "Health", "Requests this minute", "Tokens this minute", "Cost so far"], state.endpoints.map { p in
            row("endpoint", p.name, [strong(p.name), e(p.workspace), model(p.model), e(p.region), badge(p.state), badge(p.endpointState),
                                     badge(p.health), usage(p.usage?.requests, of: p.usage?.requestsPerMinute),
                                     usage(p.usage?.tokens, of: p.usage?.tokensPerMinute), money(p.cost)])
        }))
        \(cognitiveSections)
        \(computeSections)
        \(billingSections)
        \(section("requests", "Recent requests", ["Time (UTC)", "Method", "Path", "Status", "ms"], state.requests.map { r in
            "<tr class=\"request\"><td>\(e(Self.time(r.time)))</td><td>\(e(r.method))</td><td class=\"path\">\(e(r.path))</td>"
                + "<td>\(status(r.status))</td><td class=\"num\">\(String(format: "%.1f", r.milliseconds))</td></tr>"
        }))
        </main>
        </body>
        </html>

        """
    }

    private var clockText: String {
        "\(state.manualClock ? "manual clock" : "system clock"): \(Self.time(state.now, date: true)) UTC"
    }

    private var counts: String {
        let items = [("Subscriptions", state.subscriptions.count), ("Resource groups", state.groups.count),
                     ("Workspaces", state.workspaces.count), ("Marketplace subscriptions", state.marketplaceSubscriptions.count),
                     ("Endpoints", state.endpoints.count),
                     ("Unhealthy endpoints", state.endpoints.filter { $0.health == "Unhealthy" }.count)]
        return "<ul class=\"counts\">" + items.map { "<li><b>\($0.1)</b> \(e($0.0))</li>" }.joined() + "</ul>"
    }

    func section(_ id: String, _ title: String, _ headings: [String], _ rows: [String]) -> String {
        let body = rows.isEmpty ? "<tr class=\"empty\"><td colspan=\"\(headings.count)\">None yet.</td></tr>" : rows.joined(separator: "\n")
        return """
            <section id="\(id)"><h2>\(e(title))</h2>
            <table><thead><tr>\(headings.map { "<th>\(e($0))</th>" }.joined())</tr></thead>
            <tbody>
            \(body)
            </tbody></table></section>
            """
    }

    func row(_ kind: String, _ name: String, _ cells: [String]) -> String {
        "<tr class=\"\(kind)\" data-name=\"\(e(name))\">" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
    }

    func e(_ text: String) -> String { HTMLText.escape(text) }
    func strong(_ text: String) -> String { "<strong>\(e(text))</strong>" }
    func code(_ text: String) -> String { "<code>\(e(text))</code>" }

    /// The model's short name, the full id on hover.
    private func model(_ id: String) -> String {
        let short = id.split(separator: "/").last.map(String.init) ?? id
        return "<span title=\"\(e(id))\">\(e(short))</span>"
    }

    func badge(_ value: String) -> String {
        guard !value.isEmpty else { return "<span class=\"badge\">—</span>" }
        return "<span class=\"badge \(Self.tone(value))\">\(e(value))</span>"
    }

    static func tone(_ value: String) -> String {
        switch value.lowercased() {
        case "succeeded", "online", "healthy", "subscribed", "enabled": "ok"
        case "creating", "updating", "deleting", "inprogress", "not ready", "suspending", "accepted": "wait"
        case "failed", "creationfailed", "deletionfailed", "unhealthy", "suspended", "disabled", "unsubscribed", "canceled": "bad"
        default: "plain"
        }
    }

    private func status(_ code: Int) -> String {
        let tone = code == 0 || code >= 500 ? "bad" : code >= 400 ? "wait" : "ok"
        return "<span class=\"badge \(tone)\">\(code == 0 ? "dropped" : String(code))</span>"
    }

    func usage(_ used: Int?, of limit: Int?) -> String {
        guard let used, let limit, limit > 0 else { return "<span class=\"muted\">—</span>" }
        let percent = min(100, Int((Double(used) / Double(limit) * 100).rounded(.up)))
        let tone = percent >= 100 ? "bad" : percent >= 80 ? "wait" : "ok"
        return "<div class=\"usage\"><span class=\"num\">\(used) / \(limit)</span>"
            + "<span class=\"bar\"><span class=\"fill \(tone)\" style=\"width:\(percent)%\"></span></span></div>"
    }

    static func time(_ date: Date, date withDate: Bool = false) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let clock = "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        return withDate ? "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(clock)" : clock
    }

    static let style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;background:#f4f7fb;color:#1b2733}
        header{background:#0b5cad;color:#fff;padding:14px 28px}
        h1{margin:0;font-size:22px;font-weight:600}h1 small{font-size:13px;opacity:.75;font-weight:400}
        .meta{margin:4px 0 0;opacity:.85;font-size:13px}
        main{padding:12px 28px 28px}
        .counts{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;margin:6px 0 4px}
        .counts li{background:#fff;border:1px solid #d8e1eb;border-radius:8px;padding:8px 14px;color:#4a5a6a}
        .counts b{display:block;font-size:20px;color:#0b5cad}
        section{margin-top:18px}h2{font-size:15px;margin:0 0 6px;color:#2c3e50}
        table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d8e1eb;border-radius:8px;overflow:hidden}
        th{text-align:left;font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#5b6b7b;background:#eef3f8;padding:7px 10px}
        td{padding:6px 10px;border-top:1px solid #e6ecf2;vertical-align:middle}
        tr.empty td{color:#8a97a5;font-style:italic}
        code{font-size:12px;color:#4a5a6a}.path{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px;word-break:break-all}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:#e8edf2;color:#3b4b5b}
        .badge.ok{background:#dcf3e3;color:#17663a}.badge.wait{background:#fff1cf;color:#7a5800}.badge.bad{background:#fde0e0;color:#a11d1d}
        .usage{display:flex;align-items:center;gap:8px}.num{font-variant-numeric:tabular-nums;white-space:nowrap}
        .bar{display:inline-block;width:90px;height:7px;background:#e6ecf2;border-radius:4px;overflow:hidden}
        .fill{display:block;height:100%}.fill.ok{background:#2e9d5b}.fill.wait{background:#d9a300}.fill.bad{background:#d33}
        .muted{color:#8a97a5}
        """
}
