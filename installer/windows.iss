; Inno Setup script for the Windows installer (built by build_installer.py on Windows:
;   iscc /DAppVersion=<version> /DBundleDir=<dist\echo-fieldwork> /O<dist> installer\windows.iss).
; Installs for the current user only: no administrator rights, nothing outside the user's profile.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\dist\echo-fieldwork"
#endif

[Setup]
AppId={{6F1C2E4B-3D0A-4E7B-9C55-0E1D0F1E1D00}
AppName=echo_fieldwork
AppVersion={#AppVersion}
AppPublisher=echo_fieldwork
DefaultDirName={autopf}\echo-fieldwork
DefaultGroupName=echo_fieldwork
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputBaseFilename=echo-fieldwork-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
WizardStyle=modern
UninstallDisplayIcon={app}\echo-fieldwork.exe

[Languages]
Name: "french"; MessagesFile: "compiler:Languages\French.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\echo_fieldwork"; Filename: "{app}\echo-fieldwork.exe"
Name: "{autodesktop}\echo_fieldwork"; Filename: "{app}\echo-fieldwork.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\echo-fieldwork.exe"; Description: "{cm:LaunchProgram,echo_fieldwork}"; Flags: nowait postinstall skipifsilent
