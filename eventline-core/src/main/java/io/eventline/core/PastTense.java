package io.eventline.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** English past participles: recognising them and forming them from a base verb. */
final class PastTense {
  private static final Map<String, String> IRREGULAR = new HashMap<>();
  private static final Set<String> PARTICIPLES = new HashSet<>();
  private static final Set<String> NOT_PARTICIPLES =
      Set.of(
          "ed", "need", "feed", "seed", "speed", "proceed", "succeed", "exceed", "bleed", "breed",
          "heed", "weed", "embed", "shred", "bed", "red", "greed", "deed", "steed", "creed", "reed",
          "tweed", "sled");
  private static final Set<String> DOUBLE_FINAL =
      Set.of(
          "submit",
          "commit",
          "admit",
          "permit",
          "omit",
          "transmit",
          "emit",
          "refer",
          "prefer",
          "transfer",
          "occur",
          "recur",
          "control",
          "patrol",
          "compel",
          "expel",
          "propel",
          "regret",
          "equip",
          "unzip",
          "rebut",
          "deter",
          "incur",
          "acquit",
          "outfit",
          "abet");

  static {
    String pairs =
        "send:sent pay:paid build:built hold:held win:won make:made do:done give:given take:taken"
            + " write:written sell:sold buy:bought bring:brought catch:caught teach:taught"
            + " think:thought find:found lose:lost keep:kept leave:left meet:met read:read run:run"
            + " set:set put:put cut:cut shut:shut hit:hit let:let begin:begun choose:chosen"
            + " draw:drawn drive:driven eat:eaten fall:fallen forget:forgotten freeze:frozen"
            + " get:got hide:hidden know:known ride:ridden rise:risen see:seen shake:shaken"
            + " show:shown speak:spoken steal:stolen swear:sworn tear:torn throw:thrown"
            + " wake:woken wear:worn withdraw:withdrawn bind:bound bid:bid bend:bent deal:dealt"
            + " feed:fed flee:fled feel:felt fight:fought fly:flown grow:grown hang:hung"
            + " hear:heard lay:laid lead:led lend:lent light:lit mean:meant override:overridden"
            + " prove:proven quit:quit shoot:shot sleep:slept spend:spent split:split spin:spun"
            + " spread:spread stand:stood strike:struck stick:stuck sweep:swept tell:told"
            + " understand:understood undo:undone uphold:upheld withhold:withheld wind:wound"
            + " weave:woven rebuild:rebuilt reset:reset resend:resent rewrite:rewritten sink:sunk"
            + " become:become come:come go:gone arise:arisen forgive:forgiven say:said"
            + " upset:upset broadcast:broadcast forecast:forecast rerun:rerun remake:remade"
            + " break:broken forbid:forbidden bite:bitten blow:blown dig:dug seek:sought"
            + " sting:stung swing:swung shine:shone slide:slid sit:sat ring:rung sing:sung"
            + " drink:drunk swim:swum overtake:overtaken undertake:undertaken rethink:rethought"
            + " resell:resold repay:repaid prepay:prepaid overpay:overpaid underpay:underpaid"
            + " shrink:shrunk spring:sprung slay:slain dwell:dwelt mislay:mislaid outbid:outbid"
            + " input:input output:output offset:offset upload:uploaded download:downloaded"
            + " shed:shed spit:spat strive:striven overdraw:overdrawn overrun:overrun"
            + " withstand:withstood mistake:mistaken partake:partaken foresee:foreseen"
            + " oversee:overseen undersell:undersold overhear:overheard unbind:unbound"
            + " unwind:unwound rewind:rewound resell:resold rebind:rebound";
    for (String pair : pairs.split(" ")) {
      String[] parts = pair.split(":");
      IRREGULAR.put(parts[0], parts[1]);
      PARTICIPLES.add(parts[1]);
    }
    PARTICIPLES.addAll(
        Set.of(
            "gotten", "spelt", "dreamt", "learnt", "burnt", "spilt", "knelt", "leapt", "smelt",
            "spoilt", "bred", "sped", "shed", "wed", "proved", "mown", "sewn", "sown", "swollen"));
  }

  private PastTense() {}

  static boolean isParticiple(String word) {
    if (PARTICIPLES.contains(word)) {
      return true;
    }
    return word.length() > 3 && word.endsWith("ed") && !NOT_PARTICIPLES.contains(word);
  }

  /** The past participle of a base verb, by the irregular table or the regular spelling rules. */
  static String participle(String verb) {
    if (isParticiple(verb)) {
      return verb;
    }
    String irregular = IRREGULAR.get(verb);
    if (irregular != null) {
      return irregular;
    }
    int n = verb.length();
    if (verb.endsWith("e")) {
      return verb + "d";
    }
    if (n > 1 && verb.charAt(n - 1) == 'y' && !isVowel(verb.charAt(n - 2))) {
      return verb.substring(0, n - 1) + "ied";
    }
    if (DOUBLE_FINAL.contains(verb)
        || (vowelGroups(verb) == 1 && endsConsonantVowelConsonant(verb))) {
      return verb + verb.charAt(n - 1) + "ed";
    }
    return verb + "ed";
  }

  private static boolean endsConsonantVowelConsonant(String w) {
    int n = w.length();
    if (n < 3) {
      return false;
    }
    char last = w.charAt(n - 1);
    return !isVowel(last)
        && last != 'w'
        && last != 'x'
        && last != 'y'
        && isVowel(w.charAt(n - 2))
        && !isVowel(w.charAt(n - 3));
  }

  private static int vowelGroups(String w) {
    int groups = 0;
    boolean inGroup = false;
    for (int i = 0; i < w.length(); i++) {
      boolean vowel = isVowel(w.charAt(i));
      if (vowel && !inGroup) {
        groups++;
      }
      inGroup = vowel;
    }
    return groups;
  }

  private static boolean isVowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  }
}
