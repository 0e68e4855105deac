#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""maintainers.py OURS KERNEL TITLE: copy the entry TITLE from our MAINTAINERS
file into the kernel's MAINTAINERS at its alphabetical place (idempotent)."""
import sys


def entries(lines):
    """Split MAINTAINERS text into (title, [lines]) blocks separated by blank lines."""
    blocks, cur = [], []
    for line in lines:
        if line.strip() == '':
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        blocks.append(cur)
    return blocks


def main():
    ours, kernel, title = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(ours) as f:
        mine = [b for b in entries(f.read().splitlines()) if b[0] == title]
    if len(mine) != 1:
        sys.exit(f'maintainers.py: entry "{title}" not found once in {ours}')
    with open(kernel) as f:
        text = f.read().splitlines()
    if title in text:
        return
    # Entries start after the "THE REST" preamble is not reached: find the
    # first entry title that sorts after ours, among lines that start a block
    # and are followed by a field line ("M:", "L:", ...).
    insert = None
    for i in range(1, len(text) - 1):
        if text[i - 1] == '' and text[i] and text[i] == text[i].upper() and \
           len(text[i + 1]) > 2 and text[i + 1][1] == ':' and text[i] > 'A':
            if text[i] > title and text[i] != 'THE REST':
                insert = i
                break
    if insert is None:
        sys.exit('maintainers.py: no place found for the entry')
    text[insert:insert] = mine[0] + ['']
    with open(kernel, 'w') as f:
        f.write('\n'.join(text) + '\n')


if __name__ == '__main__':
    main()
