"""Korean for the course site's search: a word is found whatever particle follows it.

Korean attaches particles to nouns: the text says 하이퍼바이저는, 계층이, 커널의, and a
student searches for 하이퍼바이저, 계층, 커널. Sphinx indexes whole words, so this
search language *stems* each word by taking one particle (은, 는, 이, 가, 에서, 으로,
입니다 ...) off its end, the same way in Python (building the index) and in the
page's JavaScript (reading the query). A particle comes off only if at least two
letters stay, so a short word such as 사이 keeps its last letter.
"""

from __future__ import annotations

import json

from sphinx.search import SearchLanguage

__all__ = ["PARTICLES", "SearchKorean", "stem"]

PARTICLES: tuple[str, ...] = tuple(
    sorted(
        (
            "입니다",
            "이었다",
            "에서는",
            "에게서",
            "으로서",
            "으로써",
            "으로는",
            "에서도",
            "이라는",
            "라는",
            "에서",
            "에게",
            "으로",
            "로서",
            "로써",
            "부터",
            "까지",
            "처럼",
            "보다",
            "이나",
            "이며",
            "이고",
            "이다",
            "에는",
            "와",
            "과",
            "은",
            "는",
            "이",
            "가",
            "을",
            "를",
            "의",
            "에",
            "로",
            "도",
            "만",
            "나",
        ),
        key=len,
        reverse=True,
    )
)
"""Particles and endings taken off a word's end, the longest tried first."""

_MIN_STEM = 2


def stem(word: str) -> str:
    """The word without one trailing particle, if at least two letters stay.

    >>> [stem(w) for w in ("하이퍼바이저는", "계층이", "커널의", "사이", "KVM은", "가상화")]
    ['하이퍼바이저', '계층', '커널', '사이', 'KVM', '가상화']
    """
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= _MIN_STEM:
            return word[: -len(particle)]
    return word


class SearchKorean(SearchLanguage):
    """Sphinx's search language for Korean pages: whole words, particles stemmed off."""

    lang = "ko"
    language_name = "Korean"
    js_stemmer_code = f"""
/** Korean: take one trailing particle off a word (virtlab.course._search_korean). */
var Stemmer = function () {{
  const particles = {json.dumps(list(PARTICLES), ensure_ascii=False)};
  this.stemWord = function (w) {{
    for (const p of particles) {{
      if (w.endsWith(p) && w.length - p.length >= {_MIN_STEM}) return w.slice(0, -p.length);
    }}
    return w;
  }};
}};
"""

    def stem(self, word: str) -> str:
        """Lower-case English words; take a particle off Korean ones."""
        return stem(word.lower())
