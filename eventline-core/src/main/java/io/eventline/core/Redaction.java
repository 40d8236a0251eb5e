package io.eventline.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is logged, printed or put into an exception: passwords in
 * JDBC URLs ({@code password=...}, {@code user:secret@host}), and the values of settings whose name
 * mentions a password, secret, token, credential or JAAS configuration.
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "****";

  private static final Pattern URL_PARAMETER =
      Pattern.compile(
          "(?i)([?&;:]|\\b)((?:password|passwd|pwd|secret|token|sslpassword|sslkey|credentials?)"
              + "\\s*=\\s*)([^&;\\s,\"']*?)(?=[&;\\s,\"']|: |$)");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)([^@/\\s]+)(@)");
  private static final Pattern JAAS_PASSWORD =
      Pattern.compile("(?i)((?:password|secret|token)\\s*=\\s*\")([^\"]*)(\")");

  private static final java.util.Set<String> KNOWN =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  private Redaction() {}

  /**
   * Remembers a secret value (a password the process was given) so that {@link #redact(String)}
   * also masks it where no pattern would recognise it, such as inside a driver's error message.
   * Values shorter than 4 characters are ignored.
   */
  public static void remember(String secret) {
    if (secret != null && secret.length() >= 4) {
      KNOWN.add(secret);
    }
  }

  /** Remembers the passwords in a JDBC URL or a property value, as {@link #redact} finds them. */
  public static void rememberSecretsIn(String text) {
    if (text == null) {
      return;
    }
    for (Pattern pattern : new Pattern[] {JAAS_PASSWORD, USER_INFO}) {
      Matcher matcher = pattern.matcher(text);
      while (matcher.find()) {
        remember(matcher.group(2));
      }
    }
    Matcher matcher = URL_PARAMETER.matcher(text);
    while (matcher.find()) {
      remember(matcher.group(3));
    }
  }

  /** {@code text} with every recognisable or remembered secret replaced by {@link #MASK}. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : KNOWN) {
      out = out.replace(secret, MASK);
    }
    out = replace(JAAS_PASSWORD, out, 2);
    out = replace(USER_INFO, out, 2);
    out = replace(URL_PARAMETER, out, 3);
    return out;
  }

  /** Whether a setting with this name holds a secret. */
  public static boolean isSecretName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("passwd")
        || lower.contains("secret")
        || lower.contains("token")
        || lower.contains("credential")
        || lower.contains("jaas")
        || lower.endsWith(".key")
        || lower.contains("private");
  }

  /** The settings with secret values masked and every other value redacted as text. */
  public static Map<String, String> redact(Map<String, ?> settings) {
    Map<String, String> out = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> out.put(key, isSecretName(key) ? MASK : redact(String.valueOf(value))));
    return out;
  }

  private static String replace(Pattern pattern, String text, int secretGroup) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      StringBuilder replacement = new StringBuilder();
      for (int group = 1; group <= matcher.groupCount(); group++) {
        String part = group == secretGroup ? MASK : matcher.group(group);
        replacement.append(part == null ? "" : part);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.toString()));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
