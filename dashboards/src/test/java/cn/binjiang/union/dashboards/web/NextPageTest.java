package cn.binjiang.union.dashboards.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NextPageTest {
    @Test
    void thePagesOfThisSiteAreKept() {
        for (String page : List.of(
                "/",
                "/cockpit",
                "/console",
                "/street/xixing",
                "/street/xixing?year=2022",
                "/cockpit?a=1&b=/x",
                "/street/a.b_c-d~e")) {
            assertThat(NextPage.of(page)).as(page).isEqualTo(page);
        }
    }

    @Test
    void anythingABrowserCouldReadAsAnotherSiteOrAnotherSchemeGoesHome() {
        List<String> hostile = List.of(
                // the reported one, and every character a browser drops after the leading '/'
                "/\t/127.0.0.1:9/pwn",
                "/\r/127.0.0.1:9/pwn",
                "/\n/127.0.0.1:9/pwn",
                "/\r\n/evil.example",
                "\t//evil.example",
                "\n/evil.example",
                "/\t\t/evil.example",
                "/\u0000/evil.example",
                "/\u007f/evil.example",
                // protocol-relative and backslashes (read as '/')
                "//evil.example",
                "///evil.example",
                "////evil.example/x",
                "/\\evil.example",
                "\\\\evil.example",
                "\\/evil.example",
                "/\\/evil.example",
                "/cockpit\\..\\..\\",
                "/.\\evil.example",
                // other schemes
                "https://evil.example",
                "http:evil.example",
                "https:/evil.example",
                "javascript:alert(1)",
                "JaVaScRiPt:alert(1)",
                " javascript:alert(1)",
                "data:text/html,<script>alert(1)</script>",
                "vbscript:msgbox(1)",
                "evil.example",
                "cockpit",
                "./cockpit",
                "../cockpit",
                // percent-escapes: a second decode would make any of these another site
                "%2F%2Fevil.example",
                "/%2F/evil.example",
                "/%2f%2fevil.example",
                "/%09/evil.example",
                "/%0d%0a/evil.example",
                "/%5Cevil.example",
                "%252F%252Fevil.example",
                "/%252F/evil.example",
                "/cockpit%00",
                "/street/%E8%A5%BF",
                // unicode: full-width and look-alike slashes, separators, invisible characters, non-breaking spaces
                "／／evil.example",
                "/／evil.example",
                "/\u2215evil.example",
                "/\u2044evil.example",
                "/\u2028/evil.example",
                "/\u2029/evil.example",
                "/\u200b/evil.example",
                "/\ufeff/evil.example",
                "/\u00a0/evil.example",
                "/\u0085/evil.example",
                "/\u3002evil.example",
                "/街道",
                // spaces, dot segments, empty segments, fragments
                " /cockpit",
                "/ /evil.example",
                "/cockpit ",
                "/../evil.example",
                "/./cockpit",
                "/street/..",
                "/street/.",
                "/cockpit/",
                "/street//xixing",
                "/cockpit#x",
                "/cockpit?x#y",
                "/cockpit?x=%2F%2Fevil.example",
                "/cockpit?\n",
                "/cockpit?a\\b",
                "/cockpit?\u200b",
                // nothing
                "",
                "?next=/cockpit",
                "#/cockpit");
        for (String next : hostile) {
            assertThat(NextPage.of(next))
                    .as(
                            "next = '%s'",
                            next.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo("/");
        }
        assertThat(NextPage.of(null)).isEqualTo("/");
    }
}
