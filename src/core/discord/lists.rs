//! Lists within one message: a member's redemptions, the catalogue by pages, the panels'
//! balance, freshly minted codes, the review queue. Each stops before Discord's limit and
//! says what it left out, rather than letting the cut fall mid-line.

use super::component::Component;
use super::format::{code, count, escape, link, listing, number, units, when};
use super::response::{ButtonStyle, Message, CONTENT_LIMIT};

/// Lines a list shows before "…and N more": enough to scan, short enough to read.
pub const MAX_LIST_LINES: usize = 10;
/// Services a page shows at most (fewer when their names are long).
pub const SERVICES_PER_PAGE: usize = 15;
/// Room kept for a page's header and footer.
const PAGE_BUDGET: usize = CONTENT_LIMIT - 200;

/// What a list says in the member's language (the shop's catalogue, from the edge): its title,
/// and what it says when there is nothing to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListWords<'a> {
    pub title: &'a str,
    pub none: &'a str,
}

/// The member's redemptions, one line each as the edge wrote them (newest first, at least the
/// first `MAX_LIST_LINES`); `total` is how many the member has in all, so a caller that loaded
/// only a page can still say how many more.
pub fn my_redemptions(words: ListWords<'_>, lines: &[String], total: usize) -> Message {
    if lines.is_empty() && total == 0 {
        return Message::text(words.none);
    }
    let header = format!(
        "**{}** ({})",
        escape(words.title.trim_end_matches(':')),
        number(total.max(lines.len()) as u64)
    );
    Message::text(listing(
        &header,
        lines,
        total,
        MAX_LIST_LINES,
        CONTENT_LIMIT,
    ))
}

/// One service of the public catalogue (`PublicService`): never the wholesale rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceLine {
    pub id: u32,
    pub name: String,
    /// The shop's public price per 1000, when it publishes one.
    pub rate: Option<String>,
    pub min: u64,
    pub max: u64,
}

fn service_line(s: &ServiceLine) -> String {
    let name = super::response::fit(&s.name, 120);
    let price = s
        .rate
        .as_deref()
        .map(|r| format!(" · {}/1000", escape(r)))
        .unwrap_or_default();
    format!(
        "`{}` {}{price} · {}–{}",
        s.id,
        escape(&name),
        number(s.min),
        number(s.max)
    )
}

/// Splits the lines into pages that each fit a message: index ranges, at least one page.
fn pages(lines: &[String]) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let (mut start, mut used) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        let size = units(line) + 1;
        if i > start && (used + size > PAGE_BUDGET || i - start == SERVICES_PER_PAGE) {
            pages.push(start..i);
            (start, used) = (i, 0);
        }
        used += size;
    }
    pages.push(start..lines.len());
    pages
}

/// One page of `services` (already filtered by `query`), "X/Y", and buttons to the
/// neighbouring pages. A page past the end shows the last one.
pub fn services_page(
    words: ListWords<'_>,
    services: &[ServiceLine],
    query: Option<&str>,
    page: u32,
) -> Message {
    let matching = query
        .map(|q| format!(" “{}”", escape(&super::response::fit(q, 60))))
        .unwrap_or_default();
    if services.is_empty() {
        return Message::text(words.none);
    }
    let lines: Vec<String> = services.iter().map(service_line).collect();
    let pages = pages(&lines);
    let last = pages.len() as u32;
    let page = page.clamp(1, last);
    let range = pages[page as usize - 1].clone();
    let content = format!(
        "**{}**{matching} · {page}/{last} ({})\n{}",
        escape(words.title.trim_end_matches(':')),
        number(services.len() as u64),
        lines[range].join("\n")
    );
    let mut message = Message::text(content);
    let to = |page| Component::ServicesPage {
        query: query.map(str::to_string),
        page,
    };
    if page > 1 {
        message = message.button("◀", to(page - 1), ButtonStyle::Secondary);
    }
    if page < last {
        message = message.button("▶", to(page + 1), ButtonStyle::Secondary);
    }
    message
}

/// One panel's balance, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BalanceLine {
    pub panel: String,
    /// `Ok((amount, currency))` as the panel wrote them, or what went wrong.
    pub balance: Result<(String, String), String>,
}

pub fn balance(lines: &[BalanceLine]) -> Message {
    if lines.is_empty() {
        return Message::text("No panel is configured on this shop yet.");
    }
    let rows: Vec<String> = lines
        .iter()
        .map(|l| match &l.balance {
            Ok((amount, currency)) => format!(
                "Panel {}: **{} {}**",
                code(&l.panel),
                escape(amount),
                escape(currency)
            ),
            Err(why) => format!("Panel {}: no answer ({})", code(&l.panel), escape(why)),
        })
        .collect();
    Message::text(listing(
        "💰 **Panel balance**",
        &rows,
        rows.len(),
        usize::MAX,
        CONTENT_LIMIT,
    ))
}

/// Codes just minted, and what each one buys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodesCreated {
    pub codes: Vec<String>,
    pub service_id: u32,
    pub quantity: u32,
    pub platform: String,
    pub kind: String,
}

/// The codes in a code block, one a line, ready to copy; when they do not all fit, as many
/// as do, and where the rest are.
pub fn codes_created(c: &CodesCreated) -> Message {
    let header = format!(
        "✅ Created {}: {} {} {} each (service {}).",
        count(c.codes.len(), "code", "codes"),
        number(c.quantity.into()),
        escape(&c.platform),
        escape(&c.kind),
        c.service_id
    );
    let footer_for = |shown: usize| {
        format!(
            "Showing {} of {}; all of them are in the admin dashboard (Codes).",
            number(shown as u64),
            number(c.codes.len() as u64)
        )
    };
    // Fence, newline, closing fence, newline, and a footer at its longest.
    let reserved = units(&header) + 5 + 4 + units(&footer_for(c.codes.len())) + 1;
    let mut block = String::new();
    let mut shown = 0;
    for one in &c.codes {
        // A code is `[A-Z0-9-]`; anything else must not close the block early.
        let one = one.replace('`', "'");
        if reserved + units(&block) + units(&one) + 1 > CONTENT_LIMIT {
            break;
        }
        block.push_str(&one);
        block.push('\n');
        shown += 1;
    }
    let mut content = format!("{header}\n```\n{block}```");
    if shown < c.codes.len() {
        content.push('\n');
        content.push_str(&footer_for(shown));
    }
    Message::text(content)
}

/// A code waiting in `needs_review`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub code: String,
    /// The link its order was asked for, if any.
    pub link: Option<String>,
    /// Why it waits (`review_reason`).
    pub reason: Option<String>,
    /// Since when, as stored (ISO-8601).
    pub since: Option<String>,
}

/// `items` oldest first, `total` the whole queue's length.
pub fn review_queue(items: &[ReviewItem], total: usize) -> Message {
    if items.is_empty() && total == 0 {
        return Message::text("No codes are waiting for review.");
    }
    let lines: Vec<String> = items
        .iter()
        .map(|r| {
            let mut line = code(&r.code);
            if let Some(l) = &r.link {
                line.push_str(&format!(" · {}", link(l)));
            }
            let why = r.reason.as_deref().unwrap_or("no reason recorded");
            line.push_str(&format!(" · {}", escape(&super::response::fit(why, 200))));
            if let Some(since) = &r.since {
                line.push_str(&format!(" · since {}", when(since, 'R')));
            }
            line
        })
        .collect();
    let total = total.max(items.len());
    let header = format!(
        "🔎 **Waiting for review** ({}). Resolve them in the admin dashboard (Review).",
        number(total as u64)
    );
    Message::text(listing(
        &header,
        &lines,
        total,
        MAX_LIST_LINES,
        CONTENT_LIMIT,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINE: ListWords = ListWords {
        title: "Your orders:",
        none: "You have not redeemed a code here yet.",
    };
    const SERVICES: ListWords = ListWords {
        title: "What we sell:",
        none: "Nothing matches that.",
    };

    #[test]
    fn my_redemptions_says_none_yet_and_caps_the_list() {
        assert_eq!(my_redemptions(MINE, &[], 0).content, MINE.none);
        let lines: Vec<String> = (0..14)
            .map(|i| format!("SMM-{i:04}: order #{}, Completed", 23500 + i))
            .collect();
        let m = my_redemptions(MINE, &lines, 14);
        assert!(m
            .content
            .starts_with("**Your orders** (14)\nSMM-0000: order #23500, Completed"));
        assert!(m.content.contains("SMM-0009"));
        assert!(!m.content.contains("SMM-0010"));
        assert!(m.content.ends_with("… +4"), "{}", m.content);
    }

    fn catalogue(n: u32, name_len: usize) -> Vec<ServiceLine> {
        (0..n)
            .map(|i| ServiceLine {
                id: 100 + i,
                name: format!("Service {i} {}", "x".repeat(name_len)),
                rate: Some("2.40".into()),
                min: 50,
                max: 100_000,
            })
            .collect()
    }

    #[test]
    fn services_are_paged_to_fit() {
        let all = catalogue(40, 10);
        let m = services_page(SERVICES, &all, Some("you"), 1);
        assert!(m.content.starts_with("**What we sell** “you” · 1/3 (40)\n`100` Service 0 xxxxxxxxxx · 2.40/1000 · 50–100,000"), "{}", m.content);
        let ids: Vec<String> = m.buttons.iter().map(|b| b.action.custom_id()).collect();
        assert_eq!(ids, ["services:2:you"]);
        let m = services_page(SERVICES, &all, Some("you"), 2);
        let ids: Vec<String> = m.buttons.iter().map(|b| b.action.custom_id()).collect();
        assert_eq!(ids, ["services:1:you", "services:3:you"]);
        // Past the end: the last page, without a Next.
        let m = services_page(SERVICES, &all, None, 99);
        assert!(m.content.contains(" · 3/3 "));
        assert_eq!(m.buttons.len(), 1);

        // Long names: fewer per page, every page within the limit, every service on one.
        let long = catalogue(60, 110);
        let mut seen = 0;
        let mut page = 1;
        loop {
            let m = services_page(SERVICES, &long, None, page);
            assert!(units(&m.content) <= CONTENT_LIMIT, "page {page}");
            seen += m.content.lines().count() - 1;
            if m.buttons.iter().all(|b| b.label != "▶") {
                break;
            }
            page += 1;
        }
        assert_eq!(seen, 60);
        assert!(page > 4);
        assert_eq!(
            services_page(SERVICES, &[], Some("zzz"), 1).content,
            SERVICES.none
        );
    }

    #[test]
    fn balance_per_panel() {
        let m = balance(&[
            BalanceLine {
                panel: "main".into(),
                balance: Ok(("100.84".into(), "USD".into())),
            },
            BalanceLine {
                panel: "backup".into(),
                balance: Err("timed out".into()),
            },
        ]);
        assert_eq!(
            m.content,
            "💰 **Panel balance**\nPanel `main`: **100.84 USD**\nPanel `backup`: no answer (timed out)"
        );
    }

    fn minted(n: usize) -> CodesCreated {
        CodesCreated {
            codes: (0..n).map(|i| format!("SMM-XHFY-{i:06}-ABCD")).collect(),
            service_id: 101,
            quantity: 1000,
            platform: "YouTube".into(),
            kind: "Subscribers".into(),
        }
    }

    #[test]
    fn created_codes_come_in_a_code_block_and_say_when_some_did_not_fit() {
        let m = codes_created(&minted(2));
        assert_eq!(
            m.content,
            "✅ Created 2 codes: 1,000 YouTube Subscribers each (service 101).\n```\nSMM-XHFY-000000-ABCD\nSMM-XHFY-000001-ABCD\n```"
        );
        let m = codes_created(&minted(1000));
        assert!(units(&m.content) <= CONTENT_LIMIT);
        assert!(m.content.contains("```\nSMM-XHFY-000000-ABCD\n"));
        assert!(
            m.content
                .ends_with("of 1,000; all of them are in the admin dashboard (Codes)."),
            "{}",
            m.content
        );
        let shown = m.content.lines().filter(|l| l.starts_with("SMM-")).count();
        assert!(shown > 50, "{shown}");
        assert!(m.content.contains(&format!("Showing {shown} of 1,000")));
    }

    #[test]
    fn the_review_queue_lists_link_and_reason() {
        assert_eq!(
            review_queue(&[], 0).content,
            "No codes are waiting for review."
        );
        let items = vec![ReviewItem {
            code: "SMM-AB12".into(),
            link: Some("https://www.youtube.com/@x".into()),
            reason: Some("panel_unreachable: no answer within 10 s".into()),
            since: Some("2023-11-14T22:13:20.000Z".into()),
        }];
        assert_eq!(
            review_queue(&items, 3).content,
            "🔎 **Waiting for review** (3). Resolve them in the admin dashboard (Review).\n`SMM-AB12` · <https://www.youtube.com/@x> · panel\\_unreachable: no answer within 10 s · since <t:1700000000:R>\n… +2"
        );
    }
}
