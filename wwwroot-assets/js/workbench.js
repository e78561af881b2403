// The labeling workbench's bridge to the browser: keys and text selections go to the server component; nothing here
// decides what a key does. Text is never written from here: Blazor renders it, escaped.

const handledKeys = new Set(['Enter', 'Backspace', 'Escape', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', '?']);

function isEditable(target) {
    return !!target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

// A dialog (the shortcuts help, a skip reason) owns the keyboard while it is open.
function dialogOpen() {
    return !!document.querySelector('.mud-dialog-container');
}

// The number of characters of the item text before (node, offset): the same UTF-16 index .NET uses.
function offsetWithin(container, node, offset) {
    const range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    return range.toString().length;
}

export function attach(root, dotnet) {
    const onKeyDown = event => {
        if (event.isComposing || event.defaultPrevented || dialogOpen()) {
            return;
        }
        const ctrl = event.ctrlKey || event.metaKey;
        if (isEditable(event.target)) {
            if (event.key === 'Enter' && ctrl) {
                event.preventDefault();
                dotnet.invokeMethodAsync('OnKey', 'Enter', true, event.shiftKey, true);
            } else if (event.key === 'Escape') {
                event.target.blur();
                event.preventDefault();
            }
            return;
        }
        if (event.altKey) {
            return;
        }
        const key = event.key;
        const undo = ctrl && key.toLowerCase() === 'z';
        if (ctrl && !undo && key !== 'Enter') {
            return; // copy, find, reload and other browser shortcuts stay the browser's
        }
        if (!undo && !handledKeys.has(key) && !/^[a-zA-Z0-9]$/.test(key)) {
            return;
        }
        event.preventDefault();
        dotnet.invokeMethodAsync('OnKey', key, ctrl, event.shiftKey, false);
    };

    const onMouseUp = () => {
        const text = root.querySelector('[data-item-text]');
        const selection = window.getSelection();
        if (!text || !selection || selection.rangeCount === 0) {
            return;
        }
        const range = selection.getRangeAt(0);
        if (range.collapsed || !text.contains(range.startContainer) || !text.contains(range.endContainer)) {
            return;
        }
        const start = offsetWithin(text, range.startContainer, range.startOffset);
        const end = offsetWithin(text, range.endContainer, range.endOffset);
        dotnet.invokeMethodAsync('OnSelection', start, end);
    };

    document.addEventListener('keydown', onKeyDown);
    root.addEventListener('mouseup', onMouseUp);
    return {
        clearSelection: () => window.getSelection()?.removeAllRanges(),
        dispose: () => {
            document.removeEventListener('keydown', onKeyDown);
            root.removeEventListener('mouseup', onMouseUp);
        },
    };
}

// Minutes to add to local time to get UTC (Date.getTimezoneOffset), for "labeled today".
export function timezoneOffsetMinutes() {
    return new Date().getTimezoneOffset();
}
