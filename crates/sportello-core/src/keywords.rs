//! Italian-aware keyword text: what the full-text index stores and what a query asks.
//!
//! Both sides go through [`terms`]: accents folded, lowercased, and reduced by a light
//! Italian stemmer, so `cuoco` finds `cuochi` and `caffè` finds `caffe`.
//! The store only sees already-normalised terms; it never stems anything itself.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words too short to mean anything on their own in a CV ("di", "e", "a").
const MIN_WORD_CHARS: usize = 2;

/// Splits text into normalised, stemmed terms, in order.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .filter(|w| w.len() >= MIN_WORD_CHARS && w.chars().count() >= MIN_WORD_CHARS)
        .map(|w| stem(&w))
        .collect()
}

/// The text to put in the full-text index for a set of fields.
pub fn index_text<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for field in fields {
        for term in terms(field) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&term);
        }
    }
    out
}

/// A parsed keyword query: every group must match. A group of one term is a word, a
/// longer group is a phrase (its terms adjacent and in order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeywordQuery {
    pub groups: Vec<Vec<String>>,
}

impl KeywordQuery {
    /// `"addetto vendite" magazzino` → one phrase and one word. An unclosed quote runs
    /// to the end of the text, as an operator typing would expect.
    pub fn parse(text: &str) -> KeywordQuery {
        let mut groups = Vec::new();
        for (i, part) in text.split('"').enumerate() {
            let in_quotes = i % 2 == 1;
            let part_terms = terms(part);
            if in_quotes {
                if !part_terms.is_empty() {
                    groups.push(part_terms);
                }
            } else {
                groups.extend(part_terms.into_iter().map(|t| vec![t]));
            }
        }
        KeywordQuery { groups }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether an indexed text (from [`index_text`]) satisfies the query; the oracle the
    /// store's full-text search is tested against.
    pub fn matches(&self, indexed: &str) -> bool {
        let text: Vec<&str> = indexed.split(' ').collect();
        self.groups.iter().all(|group| {
            text.windows(group.len())
                .any(|window| window.iter().zip(group).all(|(a, b)| *a == b))
        })
    }
}

/// Lowercase, accent-free alphanumeric runs. Apostrophes split words ("dell'azienda").
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
}

/// A place name without case, accents and punctuation, for comparisons.
pub fn fold_place(name: &str) -> String {
    words(name).collect::<Vec<_>>().join(" ")
}

fn fold(word: &str) -> String {
    // Most words of a CV are plain ASCII, where decomposing changes nothing: the
    // initial sync folds every word of 100,000 records.
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes inflection only (gender and number), in the manner of Savoy's light Italian
/// stemmer: `-chi/-che/-ghi/-ghe` → `-c/-g`, `-io/-ia/-ie/-ii` and a final vowel are
/// dropped. Snowball's Italian stemmer was tried and rejected: it reduces `magazziniere`
/// and `magazzinieri` to different stems, and job titles in `-iere` are everywhere in CVs.
fn stem(word: &str) -> String {
    if word.is_ascii() {
        // One byte per character: the same rule without collecting chars (the
        // initial sync stems every word of 100,000 records).
        return word[..stem_len(word.as_bytes(), |b| char::from(*b))].to_string();
    }
    let chars: Vec<char> = word.chars().collect();
    chars[..stem_len(&chars, |c| *c)].iter().collect()
}

/// How many leading characters the stem keeps, `at` giving the character of each.
fn stem_len<T>(chars: &[T], at: impl Fn(&T) -> char) -> usize {
    const MIN_STEM_CHARS: usize = 3;
    let n = chars.len();
    let c = |i: usize| at(&chars[i]);
    let last_two = |a: char, b: &[char]| n >= 2 && c(n - 2) == a && b.contains(&c(n - 1));
    let cut = if n <= MIN_STEM_CHARS {
        0
    } else if (last_two('h', &['i', 'e']) && matches!(c(n - 3), 'c' | 'g'))
        || last_two('i', &['o', 'a', 'e', 'i'])
    {
        2
    } else if matches!(c(n - 1), 'a' | 'e' | 'i' | 'o') {
        1
    } else {
        0
    };
    if n - cut >= MIN_STEM_CHARS {
        n - cut
    } else {
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_same_term(a: &str, b: &str) {
        assert_eq!(
            terms(a),
            terms(b),
            "{a:?} and {b:?} must index to the same terms"
        );
    }

    #[test]
    fn inflections_share_a_stem() {
        for group in [
            &["cuoco", "cuochi", "cuoca", "cuoche"][..],
            &["magazziniere", "magazzinieri"],
            &["cameriere", "camerieri", "cameriera", "cameriere"],
            &["operaio", "operai", "operaia", "operaie"],
            &["commesso", "commessi", "commessa", "commesse"],
            &["negozio", "negozi"],
            &["farmacia", "farmacie"],
            &["barista", "baristi", "bariste"],
            &["laghi", "lago"],
        ] {
            for word in group {
                check_same_term(group[0], word);
            }
        }
    }

    #[test]
    fn different_words_keep_different_stems() {
        assert_ne!(terms("cuoco"), terms("cuore"));
        assert_ne!(
            terms("magazzino"),
            terms("magazziniere"),
            "a warehouse is not a warehouse worker"
        );
        assert_eq!(
            terms("bar sql"),
            ["bar", "sql"],
            "short words are kept whole"
        );
    }

    #[test]
    fn accents_and_case_are_folded() {
        check_same_term("Caffè", "caffe");
        check_same_term("PERCHÉ", "perche");
        check_same_term("Università", "universita");
    }

    #[test]
    fn punctuation_and_apostrophes_split_words() {
        assert_eq!(
            terms("dell'azienda, s.r.l.").len(),
            2,
            "'dell', 'azienda'; single letters dropped"
        );
    }

    #[test]
    fn query_words_must_all_match() {
        let indexed = index_text(["Cuoco di linea in ristoranti", "Patente B"]);
        assert!(KeywordQuery::parse("cuochi ristorante").matches(&indexed));
        assert!(!KeywordQuery::parse("cuochi pizzaiolo").matches(&indexed));
    }

    #[test]
    fn quoted_phrases_need_adjacent_words() {
        let indexed = index_text(["addetto alle vendite e al magazzino"]);
        assert!(KeywordQuery::parse("\"addetto alle vendite\"").matches(&indexed));
        assert!(!KeywordQuery::parse("\"addetto magazzino\"").matches(&indexed));
        assert!(KeywordQuery::parse("addetto magazzino").matches(&indexed));
    }

    #[test]
    fn plain_ascii_words_fold_and_stem_as_any_other() {
        // The general path, written out: decompose, drop marks, lower, cut by chars.
        fn slow(word: &str) -> String {
            let folded: String = word
                .nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            let chars: Vec<char> = folded.chars().collect();
            chars[..stem_len(&chars, |c| *c)].iter().collect()
        }
        let words = "a ab abc Abcd CUOCHI laghe Operaio ii xio xxio bar SQL c3po 2024 ghe \
                     Magazziniere vendite io";
        for word in words.split_whitespace() {
            assert!(word.is_ascii());
            assert_eq!(stem(&fold(word)), slow(word), "{word}");
            // The same word with one accented letter takes the general path.
            let accented = format!("{word}à");
            assert_eq!(stem(&fold(&accented)), slow(&accented), "{accented}");
        }
    }

    #[test]
    fn parse_groups_words_and_phrases() {
        let q = KeywordQuery::parse("  \"Addetta vendite\" magazzino \"  ");
        assert_eq!(q.groups, vec![terms("addetta vendite"), terms("magazzino")]);
        assert!(KeywordQuery::parse(" \"\" ").is_empty());
    }
}
