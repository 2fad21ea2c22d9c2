/** How the sites' context reading writes what a reply answers in turn (`ComposeContext.thread`). */

/** One earlier message of a thread: "Author: text", or the text alone when nobody is named. */
export function threadLine(author: string, text: string): string {
  return author ? `${author}: ${text}` : text;
}

/** The thread above a reply to a comment: the post the comment sits under, when it has text. */
export function postThread(author: string, text: string): string[] {
  return text ? [threadLine(author, text)] : [];
}
