using MudBlazor;

namespace Annotate.Web.Components.Layout;

/// <summary>The app's look: a calm indigo with a teal accent, dense tables, system fonts (no downloads).</summary>
public static class AnnotateTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#4F46E5",
            PrimaryDarken = "#4338CA",
            Secondary = "#0D9488",
            Tertiary = "#F59E0B",
            Info = "#0284C7",
            Success = "#16A34A",
            Warning = "#D97706",
            Error = "#DC2626",
            AppbarBackground = "#FFFFFF",
            AppbarText = "#111827",
            Background = "#F7F7FB",
            Surface = "#FFFFFF",
            DrawerBackground = "#111827",
            DrawerText = "#E5E7EB",
            DrawerIcon = "#9CA3AF",
            TextPrimary = "#111827",
            TextSecondary = "#6B7280",
            LinesDefault = "#E5E7EB",
            TableLines = "#EEF0F4",
            Divider = "#E5E7EB",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["Inter", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
            H4 = new H4Typography { FontWeight = "700", LetterSpacing = "-0.02em" },
            H5 = new H5Typography { FontWeight = "700", LetterSpacing = "-0.01em" },
            H6 = new H6Typography { FontWeight = "600" },
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "600" },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "10px",
            DrawerWidthLeft = "232px",
        },
    };
}
